package store_test

import (
	"context"
	"database/sql"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"kriya/internal/store"
	"kriya/internal/store/storetest"
	"kriya/migrations"
)

// The two migration folders must hold the same files, so every schema
// change is written for both databases.
func TestMigrationFoldersHaveTheSameFiles(t *testing.T) {
	names := func(dir string) []string {
		entries, err := fs.ReadDir(migrations.FS, dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			out = append(out, e.Name())
		}
		return out
	}
	if diff := cmp.Diff(names("sqlite"), names("mysql")); diff != "" {
		t.Errorf("migration files differ between sqlite and mysql (-sqlite +mysql):\n%s", diff)
	}
}

// Applied, the two folders must give the same tables with the same columns.
func TestMigrationsGiveTheSameSchemaOnBothDialects(t *testing.T) {
	storetest.NeedMySQL(t)
	schemas := map[string]map[string][]string{}
	for _, dialect := range storetest.Dialects(t) {
		dsn := storetest.DSN(t, dialect)
		st, err := store.Open(context.Background(), store.Options{Driver: dialect, DSN: dsn})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		st.Close()
		schemas[dialect] = schema(t, dialect, dsn)
	}
	if diff := cmp.Diff(schemas[store.SQLite], schemas[store.MySQL]); diff != "" {
		t.Errorf("schemas differ (-sqlite +mysql):\n%s", diff)
	}
}

// schema maps each table to its sorted column names, leaving out the
// migration tool's table and SQLite's full-text shadow tables.
func schema(t *testing.T, dialect, dsn string) map[string][]string {
	t.Helper()
	driverName, query := "mysql", `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = DATABASE()`
	if dialect == store.SQLite {
		driverName, dsn = "sqlite", "file:"+dsn
		query = `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'`
	}
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var table, column string
		if err := rows.Scan(&table, &column); err != nil {
			t.Fatal(err)
		}
		if table == "goose_db_version" || strings.HasPrefix(table, "sqlite_") || strings.HasPrefix(table, "product_search_") {
			continue
		}
		out[table] = append(out[table], column)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for _, cols := range out {
		slices.Sort(cols)
	}
	if len(out) == 0 {
		t.Fatalf("%s: no tables found", dialect)
	}
	return out
}
