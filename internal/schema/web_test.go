package schema_test

import (
	"bytes"
	"os"
	"testing"

	"mealbuddy/internal/schema"
)

// TestWebModuleIsCurrent fails when web/src/lib/schema.gen.ts was not
// regenerated after a change of the schema's words.
func TestWebModuleIsCurrent(t *testing.T) {
	committed, err := os.ReadFile("../../web/src/lib/schema.gen.ts")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(committed, schema.WebModule()) {
		t.Fatal("web/src/lib/schema.gen.ts is stale: run `go generate ./internal/schema`")
	}
}
