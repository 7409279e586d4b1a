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

func TestUserAdd(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"KRIYA_DB_DSN": filepath.Join(dir, "kriya.db"), "KRIYA_DATA_DIR": filepath.Join(dir, "data")}
	getenv := func(k string) string { return env[k] }
	tests := []struct {
		args   []string
		code   int
		output string
	}{
		{[]string{"user", "add", "--email", "staf@dekranasda.test", "--password", "pasar-badung-99", "--role", "staff"}, 0, "user staf@dekranasda.test added as staff"},
		{[]string{"user", "add", "--email", "staf@dekranasda.test", "--password", "pasar-badung-99", "--role", "staff"}, 1, "email already registered"},
		{[]string{"user", "add", "--email", "x@dekranasda.test", "--password", "short", "--role", "staff"}, 2, "too short"},
		{[]string{"user", "add", "--email", "x@dekranasda.test", "--password", "pasar-badung-99", "--role", "king"}, 2, "--role must be"},
		{[]string{"user", "add", "--email", "x@dekranasda.test", "--password", "pasar-badung-99", "--role", "artisan"}, 2, "--artisan is required"},
		{[]string{"user", "add", "--email", "x@dekranasda.test", "--password", "pasar-badung-99", "--role", "artisan", "--artisan", "nobody"}, 1, `artisan "nobody"`},
		{[]string{"user"}, 2, "kriya user add"},
		{[]string{"user", "-h"}, 0, "Usage: kriya user add"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), tt.args, getenv, &stdout, &stderr)
		if code != tt.code || !strings.Contains(stdout.String()+stderr.String(), tt.output) {
			t.Errorf("kriya %v = %d\nstdout: %s\nstderr: %s", tt.args, code, stdout.String(), stderr.String())
		}
	}
}
