package replica_test

import (
	"os"
	"testing"
)

var tempDirs []string

// mkdirTemp makes a directory that lives as long as the test binary
// (the built server is shared by the tests).
func mkdirTemp() (string, error) {
	dir, err := os.MkdirTemp("", "mealbuddy-replica-")
	if err == nil {
		tempDirs = append(tempDirs, dir)
	}
	return dir, err
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, d := range tempDirs {
		os.RemoveAll(d)
	}
	os.Exit(code)
}
