// Package store keeps Kriya's data in SQLite (the embedded default) or
// MySQL. It is the only package that speaks SQL: domain packages declare
// the types, store reads and writes them, one file per aggregate.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/glebarez/sqlite"
	mysqldriver "github.com/go-sql-driver/mysql"
	"github.com/pressly/goose/v3"
	"gorm.io/driver/mysql"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"kriya/migrations"
)

// Dialects the store speaks.
const (
	SQLite = "sqlite"
	MySQL  = "mysql"
)

// Options says which database to open and how the store tells time.
type Options struct {
	Driver string // SQLite or MySQL
	DSN    string // a file path for SQLite, a go-sql-driver DSN for MySQL
	Now    func() time.Time
	Log    *slog.Logger
}

// Store is the database. On SQLite, writes go through a single connection
// (SQLite allows one writer at a time; queueing in Go beats retrying on
// SQLITE_BUSY) while reads use a pool. On MySQL both are the same pool.
type Store struct {
	write   *gorm.DB
	read    *gorm.DB
	dialect string
	now     func() time.Time

	log        *slog.Logger
	references *references
	searches   *searchCache
	generation *atomic.Uint64
}

// Open connects to the database and checks that it answers.
func Open(ctx context.Context, o Options) (*Store, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	now := func() time.Time { return o.Now().UTC() }
	cfg := func() *gorm.Config {
		return &gorm.Config{
			TranslateError: true,
			NowFunc:        now,
			Logger:         logger.Discard,
			NamingStrategy: tableNames{},
		}
	}
	s := &Store{dialect: o.Driver, now: now, log: o.Log, references: &references{}, searches: &searchCache{}, generation: &atomic.Uint64{}}
	var err error
	switch o.Driver {
	case SQLite:
		if dir := filepath.Dir(o.DSN); dir != "." {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("store: create database folder: %w", err)
			}
		}
		if s.write, err = gorm.Open(sqlite.Open(sqliteDSN(o.DSN, "immediate")), cfg()); err != nil {
			return nil, fmt.Errorf("store: open sqlite: %w", err)
		}
		if s.read, err = gorm.Open(sqlite.Open(sqliteDSN(o.DSN, "deferred")), cfg()); err != nil {
			return nil, fmt.Errorf("store: open sqlite: %w", err)
		}
		limitPool(s.write, 1, time.Hour)
		// Reads are CPU-bound (the database lives in the OS's file cache),
		// so more connections than cores add no throughput, only memory:
		// each keeps its own page cache and buffers, about 12 MB once it
		// has searched a 100,000-product catalog.
		limitPool(s.read, min(max(runtime.GOMAXPROCS(0), 2), 8), time.Hour)
	case MySQL:
		dsn, err := mysqlDSN(o.DSN)
		if err != nil {
			return nil, err
		}
		if s.write, err = gorm.Open(mysqlDialect{mysql.Open(dsn).(*mysql.Dialector)}, cfg()); err != nil {
			return nil, fmt.Errorf("store: open mysql: %w", err)
		}
		limitPool(s.write, 25, 5*time.Minute)
		s.read = s.write
	default:
		return nil, fmt.Errorf("store: unknown driver %q", o.Driver)
	}
	if err := errors.Join(checkTables(s.write), s.countWrites()); err != nil {
		return nil, err
	}
	if s.read != s.write {
		if err := checkTables(s.read); err != nil {
			return nil, err
		}
	}
	if err := s.Ping(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// countWrites makes every write to a table that public pages show advance
// Generation, so no catalog write path can forget to invalidate a cache.
// Writes elsewhere (sessions, carts, orders, the ledger) leave cached
// pages alone, and so does the stock that orders take and give back
// (stockMove): pages show it within CacheTTL, and checkout checks it anyway.
func (s *Store) countWrites() error {
	bump := func(db *gorm.DB) {
		if _, moved := db.Get(stockMove); !moved && catalogTables[writtenTable(db.Statement)] {
			s.generation.Add(1)
		}
	}
	cb := s.write.Callback()
	return errors.Join(
		cb.Create().After("gorm:create").Register("kriya:generation", bump),
		cb.Update().After("gorm:update").Register("kriya:generation", bump),
		cb.Delete().After("gorm:delete").Register("kriya:generation", bump),
		cb.Raw().After("gorm:raw").Register("kriya:generation", bump),
	)
}

// catalogTables are the tables whose rows public pages show.
var catalogTables = map[string]bool{
	"categories": true, "artisans": true, "products": true, "skus": true, "product_images": true, "product_search": true,
}

// stockMove marks, with gorm's Set, a statement that only moves stock for
// an order.
const stockMove = "kriya:stock-move"

// rawWrite finds the table a raw INSERT, REPLACE, UPDATE or DELETE writes.
var rawWrite = regexp.MustCompile(`(?i)^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+` + "`?" + `(\w+)`)

// writtenTable is the table a write statement changes.
func writtenTable(st *gorm.Statement) string {
	if st.Table != "" {
		return st.Table
	}
	if m := rawWrite.FindStringSubmatch(st.SQL.String()); m != nil {
		return strings.ToLower(m[1])
	}
	return ""
}

// Atomic runs fn in one database transaction: every store method called on
// tx is part of it, so a use case's change, its audit entry and its e-mail
// commit together or not at all. A store method that opens its own
// transaction inside fn gets a savepoint of this one. fn must use only tx:
// on SQLite the transaction holds the one writer connection.
func (s *Store) Atomic(ctx context.Context, fn func(tx *Store) error) error {
	return s.write.WithContext(ctx).Transaction(func(db *gorm.DB) error {
		tx := *s
		tx.write, tx.read = db, db
		return fn(&tx)
	})
}

// Generation increases with every write this process makes to what public
// pages show (countWrites). Caches of catalog data keep the generation they
// were built at and rebuild when it moves, so a visitor never sees a page
// older than this process's last catalog write; changes made by other
// processes, and stock moved by orders, show within CacheTTL.
func (s *Store) Generation() uint64 { return s.generation.Load() }

// sqliteDSN adds the pragmas every connection needs. Writers take the lock
// when a transaction begins ("immediate"), so two writers never deadlock
// upgrading a read lock; busy_timeout covers other processes.
func sqliteDSN(path, txlock string) string {
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(10000)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", txlock)
	q.Set("_time_format", "sqlite")
	return "file:" + path + "?" + q.Encode()
}

// mysqlDSN makes sure times are read as UTC time.Time values and text is
// full four-byte UTF-8, whatever the operator's DSN says.
func mysqlDSN(dsn string) (string, error) {
	c, err := mysqldriver.ParseDSN(dsn)
	if err != nil {
		return "", fmt.Errorf("store: KRIYA_DB_DSN: %w", err)
	}
	c.ParseTime = true
	c.Loc = time.UTC
	if err := c.Apply(mysqldriver.Charset("utf8mb4", "utf8mb4_unicode_ci")); err != nil {
		return "", fmt.Errorf("store: KRIYA_DB_DSN: %w", err)
	}
	return c.FormatDSN(), nil
}

func limitPool(db *gorm.DB, open int, lifetime time.Duration) {
	sqlDB, err := db.DB()
	if err != nil {
		return
	}
	sqlDB.SetMaxOpenConns(open)
	sqlDB.SetMaxIdleConns(open)
	sqlDB.SetConnMaxLifetime(lifetime)
}

// Dialect is SQLite or MySQL.
func (s *Store) Dialect() string { return s.dialect }

// Ping checks that the database answers; /healthz uses it.
func (s *Store) Ping(ctx context.Context) error {
	for _, db := range []*gorm.DB{s.write, s.read} {
		sqlDB, err := db.DB()
		if err != nil {
			return fmt.Errorf("store: ping: %w", err)
		}
		if err := sqlDB.PingContext(ctx); err != nil {
			return fmt.Errorf("store: ping: %w", markUnavailable(err))
		}
	}
	return nil
}

// Close releases every connection.
func (s *Store) Close() error {
	var errs []error
	for _, db := range []*gorm.DB{s.write, s.read} {
		if sqlDB, err := db.DB(); err == nil {
			errs = append(errs, sqlDB.Close())
		}
	}
	return errors.Join(errs...)
}

// Migrate applies every pending migration of the store's dialect. On
// MySQL, server processes starting together take turns: a named lock is
// held for the run (SQLite's single writer already serialises them).
func (s *Store) Migrate(ctx context.Context) error {
	p, err := s.migrations()
	if err != nil {
		return err
	}
	if s.dialect == MySQL {
		unlock, err := s.mysqlLock(ctx, "kriya-migrate")
		if err != nil {
			return err
		}
		defer unlock()
	}
	results, err := p.Up(ctx)
	for _, r := range results {
		s.log.Info("migration applied", "file", r.Source.Path, "duration", r.Duration)
	}
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	return nil
}

// mysqlLock takes a MySQL named lock on a connection of its own, waiting
// up to five minutes, and returns its release.
func (s *Store) mysqlLock(ctx context.Context, name string) (func(), error) {
	sqlDB, err := s.write.DB()
	if err != nil {
		return nil, err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: lock %s: %w", name, err)
	}
	var got sql.NullInt64
	if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK(?, 300)", name).Scan(&got); err != nil || got.Int64 != 1 {
		conn.Close()
		return nil, fmt.Errorf("store: lock %s: not acquired: %v", name, err)
	}
	return func() {
		conn.ExecContext(context.Background(), "DO RELEASE_LOCK(?)", name)
		conn.Close()
	}, nil
}

func (s *Store) migrations() (*goose.Provider, error) {
	dialect := goose.DialectSQLite3
	if s.dialect == MySQL {
		dialect = goose.DialectMySQL
	}
	dir, err := fs.Sub(migrations.FS, s.dialect)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	sqlDB, err := s.write.DB()
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	p, err := goose.NewProvider(dialect, sqlDB, dir)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	return p, nil
}

// notFound wraps gorm's record-not-found error into the domain's sentinel,
// so callers can test with errors.Is without knowing gorm.
func notFound(err error, sentinel error, what string) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("%s: %w", what, sentinel)
	}
	return fmt.Errorf("%s: %w", what, err)
}
