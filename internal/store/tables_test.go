package store

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm/schema"

	"kriya/internal/ledger"
)

func openMigrated(t *testing.T) *Store {
	t.Helper()
	ctx := context.Background()
	st, err := Open(ctx, Options{Driver: SQLite, DSN: filepath.Join(t.TempDir(), "kriya.db")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return st
}

// Every type in tables gets, by gorm's own parsing with the store's naming,
// the table listed for it (two listed types sharing a bare name would not),
// and that table is one the migrations create, with a column for every
// field gorm stores. (The migrations give both dialects the same columns:
// TestMigrationsGiveTheSameSchemaOnBothDialects.)
func TestTablesAreTheMigrations(t *testing.T) {
	st := openMigrated(t)
	m := st.write.Migrator()
	for typ, table := range tables {
		s, err := schema.Parse(reflect.New(typ).Interface(), &sync.Map{}, tableNames{})
		if err != nil {
			t.Errorf("%s: %v", typ, err)
			continue
		}
		if s.Table != table {
			t.Errorf("%s: gorm names its table %q, tables says %q", typ, s.Table, table)
		}
		if !m.HasTable(table) {
			t.Errorf("%s: the migrations create no table %q", typ, table)
			continue
		}
		cols, err := m.ColumnTypes(table)
		if err != nil {
			t.Fatal(err)
		}
		have := map[string]bool{}
		for _, c := range cols {
			have[c.Name()] = true
		}
		for _, name := range s.DBNames {
			if !have[name] {
				t.Errorf("%s: table %s has no column %s", typ, table, name)
			}
		}
	}
}

// A type missing from tables is refused, also when it shares its bare name
// with a listed type, as a monev.Entry would with ledger.Entry: gorm would
// otherwise read and write it in ledger_entries.
func TestUnlistedTypeIsRefused(t *testing.T) {
	st := openMigrated(t)
	type Entry struct {
		ID   int64
		Note string
	}
	if err := st.read.Find(&[]Entry{}).Error; err == nil || !strings.Contains(err.Error(), "list it in tables") {
		t.Errorf("reading an unlisted Entry: %v, want a refusal", err)
	}
	if err := st.write.Create(&Entry{Note: "x"}).Error; err == nil || !strings.Contains(err.Error(), "list it in tables") {
		t.Errorf("writing an unlisted Entry: %v, want a refusal", err)
	}
	var n int64
	if err := st.read.Model(&ledger.Entry{}).Count(&n).Error; err != nil || n != 0 {
		t.Errorf("ledger entries: %d, %v; want none", n, err)
	}
}
