package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
)

func TestCommandLine(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{
		"KRIYA_DB_DSN":   filepath.Join(dir, "kriya.db"),
		"KRIYA_DATA_DIR": filepath.Join(dir, "data"),
	}
	getenv := func(k string) string { return env[k] }
	tests := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{}, 2, "", "Usage: kriya COMMAND"},
		{[]string{"-h"}, 0, "seed demo", ""},
		{[]string{"bogus"}, 2, "", `unknown command "bogus"`},
		{[]string{"serve", "-h"}, 0, "Usage: kriya serve", ""},
		{[]string{"demo", "-h"}, 0, "Usage: kriya demo", ""},
		{[]string{"seed", "-h"}, 0, "Usage: kriya seed demo", ""},
		{[]string{"seed"}, 2, "", `kriya seed demo`},
		{[]string{"migrate"}, 0, "database is up to date", ""},
		{[]string{"migrate"}, 0, "database is up to date", ""},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), tt.args, getenv, &stdout, &stderr)
		if code != tt.code || !strings.Contains(stdout.String(), tt.stdout) || !strings.Contains(stderr.String(), tt.stderr) {
			t.Errorf("kriya %v = %d\nstdout: %s\nstderr: %s", tt.args, code, stdout.String(), stderr.String())
		}
	}
	env["KRIYA_DB_DRIVER"] = "postgres"
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"migrate"}, getenv, &bytes.Buffer{}, &stderr); code != 1 || !strings.Contains(stderr.String(), "KRIYA_DB_DRIVER must be sqlite or mysql") {
		t.Errorf("bad driver = %d %s", code, stderr.String())
	}
}
