# MealBuddy — the two commands of the README are `make run` and `make test`.
#
# PocketBase 0.40 needs Go 1.27: with GOTOOLCHAIN=auto an older go command
# fetches the toolchain named in go.mod (go1.27.3) by itself.
export GOTOOLCHAIN := auto

GO       ?= go
BIN      := bin/mealbuddy
DATA_DIR ?= pb_data
HTTP     ?= 127.0.0.1:8090

.PHONY: run build web server test test-go test-race test-web screenshots fonts bench loadtest seed drill restore clean

## run: build everything, seed demo data on first start, serve on http://127.0.0.1:8090
run: build
	./$(BIN) seed --dir $(DATA_DIR) --if-empty
	./$(BIN) serve --dir $(DATA_DIR) --publicDir pb_public --http $(HTTP) --dev=false

## build: the web app into pb_public/ and the server binary into bin/
build: web server

server:
	$(GO) build -o $(BIN) .

web/node_modules: web/package-lock.json
	cd web && npm ci
	@touch web/node_modules

web: web/node_modules
	cd web && npm run build

## test: every test — Go (vet, unit, API, concurrency, realtime) and web (types, unit, browser)
test: test-go test-web

test-go:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1)
	$(GO) vet ./...
	$(GO) test -count=1 ./...

## test-race: the Go tests under the race detector (slow: several minutes)
test-race:
	$(GO) test -race -count=1 ./...

test-web: web/node_modules
	cd web && npm run check
	cd web && npm test
	cd web && npm run build
	cd web && npm run test:e2e

## screenshots: refresh docs/screenshots/ (the README's pictures) from the browser tests
screenshots: fonts web/node_modules web
	cd web && UPDATE_SCREENSHOTS=1 npm run test:e2e

## fonts: Korean (and emoji) fonts for the browser, so that screenshots show Hangul, not empty boxes (Debian)
fonts:
	@missing=""; \
	fc-list : family 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || missing="$$missing fonts-noto-cjk"; \
	fc-list : family 2>/dev/null | grep -i "Noto Color Emoji" >/dev/null || missing="$$missing fonts-noto-color-emoji"; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing (fonts for the screenshots)"; \
		export DEBIAN_FRONTEND=noninteractive; \
		apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; \
	fi

## bench: Go benchmarks (board query, joins, weather cache, recommender)
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## loadtest: realtime under load on 127.0.0.1 (cmd/loadtest; 1,000 clients in 100 rooms at 20 msg/s for 30 s);
## a city: make loadtest ARGS="-clients 10000 -rooms 1000"; every flag: go run ./cmd/loadtest -h
loadtest: server
	$(GO) build -o bin/loadtest ./cmd/loadtest
	./bin/loadtest -bin $(BIN) $(ARGS)

## seed: add demo data to $(DATA_DIR) (POSTS=100000 for a large board)
seed: server
	./$(BIN) seed --dir $(DATA_DIR) $(if $(POSTS),--posts $(POSTS))

## drill: the recovery drill alone, verbose: replicate, kill -9 mid-burst, restore, check (also in test-go)
drill:
	$(GO) test -count=1 -run 'TestDrill|TestGracefulStop' -v ./internal/replica

## restore: bring DATA_DIR (must hold no database) back from REPLICA (default $$MEALBUDDY_REPLICA_URL)
restore: server
	./$(BIN) restore --dir $(DATA_DIR) $(if $(REPLICA),--replicaURL $(REPLICA)) $(if $(AT),--timestamp $(AT))

clean:
	rm -rf bin
	find pb_public -mindepth 1 ! -name .gitkeep -delete
