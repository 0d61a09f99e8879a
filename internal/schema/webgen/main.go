// Command webgen writes the web app's copy of the schema's words
// (schema.WebModule) to the file named by its argument.
package main

import (
	"log"
	"os"

	"mealbuddy/internal/schema"
)

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: webgen OUTPUT.ts")
	}
	if err := os.WriteFile(os.Args[1], schema.WebModule(), 0o644); err != nil {
		log.Fatal(err)
	}
}
