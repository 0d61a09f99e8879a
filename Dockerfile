# MealBuddy: the web app and the server in one small image.
#
#   docker build -t mealbuddy .
#   docker run -p 8090:8090 -v mealbuddy-data:/app/pb_data mealbuddy
#   docker run --rm -v mealbuddy-data:/app/pb_data mealbuddy seed --dir /app/pb_data --if-empty   # demo data

# 1. the web app (SvelteKit, static) into /src/pb_public
FROM node:20-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

# 2. the server binary (pure Go: PocketBase's SQLite driver needs no cgo)
FROM golang:1.26-bookworm AS server
# go.mod names go1.27.3; auto fetches that toolchain
ENV GOTOOLCHAIN=auto CGO_ENABLED=0
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -trimpath -ldflags="-s -w" -o /out/mealbuddy .

# 3. the runtime: no compilers, a non-root user, the data dir as a volume
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tzdata wget \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin mealbuddy \
 && mkdir -p /app/pb_data \
 && chown mealbuddy /app/pb_data
WORKDIR /app
COPY --from=server /out/mealbuddy /app/mealbuddy
COPY --from=web /src/pb_public /app/pb_public
USER mealbuddy
VOLUME /app/pb_data
EXPOSE 8090
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD wget -qO- http://127.0.0.1:8090/api/health >/dev/null || exit 1
ENTRYPOINT ["/app/mealbuddy"]
CMD ["serve", "--http", "0.0.0.0:8090", "--dir", "/app/pb_data", "--publicDir", "/app/pb_public"]
