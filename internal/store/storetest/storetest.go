// Package storetest opens real, empty, migrated databases for tests: SQLite
// always, MySQL when KRIYA_TEST_MYSQL_DSN is set. Where that variable is set
// (as in CI) an unreachable MySQL fails the test; it is never skipped.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"

	mysqldriver "github.com/go-sql-driver/mysql"

	"kriya/internal/store"
)

// Dialects lists the databases the tests of this run cover. On CI (CI set)
// MySQL is required: a missing KRIYA_TEST_MYSQL_DSN fails the test there.
func Dialects(t testing.TB) []string {
	if os.Getenv("KRIYA_TEST_MYSQL_DSN") != "" {
		return []string{store.SQLite, store.MySQL}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("CI must set KRIYA_TEST_MYSQL_DSN: the store is tested on MySQL too")
	}
	return []string{store.SQLite}
}

// NeedMySQL skips a test that compares against MySQL when no MySQL is
// configured, except on CI, where it fails.
func NeedMySQL(t testing.TB) {
	t.Helper()
	if len(Dialects(t)) < 2 {
		t.Skip("needs MySQL: set KRIYA_TEST_MYSQL_DSN (CI does)")
	}
}

// Open returns a migrated store on a database of its own, removed when the
// test ends.
func Open(t testing.TB, dialect string) *store.Store {
	t.Helper()
	ctx := context.Background()
	o := store.Options{Driver: dialect, DSN: DSN(t, dialect)}
	st, err := store.Open(ctx, o)
	if err != nil {
		t.Fatalf("open %s: %v", dialect, err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s: %v", dialect, err)
	}
	return st
}

// DSN creates an empty database of the dialect for this test and returns
// how to reach it, for tests that start server processes of their own.
func DSN(t testing.TB, dialect string) string {
	t.Helper()
	if dialect == store.SQLite {
		return filepath.Join(t.TempDir(), "kriya.db")
	}
	base := os.Getenv("KRIYA_TEST_MYSQL_DSN")
	if base == "" {
		t.Fatal("KRIYA_TEST_MYSQL_DSN is not set")
	}
	cfg, err := mysqldriver.ParseDSN(base)
	if err != nil {
		t.Fatalf("KRIYA_TEST_MYSQL_DSN: %v", err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "kriya_test_" + hex.EncodeToString(b)
	cfg.DBName = ""
	admin, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		t.Fatalf("mysql: %v", err)
	}
	t.Cleanup(func() { admin.Close() })
	if _, err := admin.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		t.Fatalf("mysql at KRIYA_TEST_MYSQL_DSN is unreachable or refuses CREATE DATABASE: %v", err)
	}
	t.Cleanup(func() { admin.Exec("DROP DATABASE " + name) })
	cfg.DBName = name
	return cfg.FormatDSN()
}

// FailInserts makes every INSERT into table fail, as a full disk or a lost
// connection would in the middle of a transaction, until the returned
// function is called: for tests that a use case leaves nothing behind
// when its last write fails. dsn is the database's, as DSN gave it.
func FailInserts(t testing.TB, dialect, dsn, table string) (restore func()) {
	t.Helper()
	driver, create := "sqlite", "CREATE TRIGGER refuse_"+table+" BEFORE INSERT ON "+table+
		" BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
	if dialect == store.MySQL {
		driver, create = "mysql", "CREATE TRIGGER refuse_"+table+" BEFORE INSERT ON "+table+
			" FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test'"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(create); err != nil {
		db.Close()
		t.Fatalf("refuse inserts into %s: %v", table, err)
	}
	return func() {
		defer db.Close()
		if _, err := db.Exec("DROP TRIGGER refuse_" + table); err != nil {
			t.Fatalf("accept inserts into %s again: %v", table, err)
		}
	}
}

// Exec runs one statement on the database at dsn, for a test that sets up
// what no store method writes: data as an older version left it.
func Exec(t testing.TB, dialect, dsn, statement string, args ...any) {
	t.Helper()
	driver := "sqlite"
	if dialect == store.MySQL {
		driver = "mysql"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(statement, args...); err != nil {
		t.Fatalf("%s: %v", statement, err)
	}
}
