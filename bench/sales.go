package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"kriya/internal/sales"
	"kriya/internal/store"
)

// salesBench loads about lines order lines of history into a fresh
// database and times the year dashboard's queries against a bare SUM over
// the raw order lines, in the same run, reporting medians.
func salesBench(bin, dir, driver, dsn string, lines, runs int) error {
	env := append(os.Environ(), "KRIYA_DB_DRIVER="+driver, "KRIYA_DB_DSN="+dsn, "KRIYA_DATA_DIR="+filepath.Join(dir, "data"))
	for _, args := range [][]string{{"seed", "demo"}, {"seed", "orders", fmt.Sprint(lines * 2 / 3)}} {
		cmd := command(bin, args...)
		cmd.Env = env
		cmd.Stderr = nil // the progress bar
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%v: %w", args, err)
		}
	}
	ctx := context.Background()
	st, err := store.Open(ctx, store.Options{Driver: driver, DSN: dsn})
	if err != nil {
		return err
	}
	defer st.Close()
	rawDSN := dsn
	if driver == store.SQLite {
		rawDSN = "file:" + dsn + "?_pragma=journal_mode(WAL)"
	}
	raw, err := sql.Open(driver, rawDSN)
	if err != nil {
		return err
	}
	defer raw.Close()
	var count int64
	if err := raw.QueryRow("SELECT COUNT(*) FROM order_lines").Scan(&count); err != nil {
		return err
	}
	p, _ := sales.ParsePeriod(sales.PeriodYear, "", "", time.Now())
	from, to := sales.Day(p.From), sales.Day(p.To)
	prev := p.Previous()
	dashboard := func() error {
		// The queries the year dashboard makes: totals now and before, the
		// monthly trend, every breakdown, top products.
		queries := [][3]string{{"", from, to}, {"", sales.Day(prev.From), sales.Day(prev.To)}, {sales.ByMonth, from, to}}
		for _, g := range []string{sales.ByChannel, sales.ByArtisan, sales.ByCategory, sales.ByKecamatan, sales.ByRegion, sales.ByProduct} {
			queries = append(queries, [3]string{g, from, to})
		}
		for _, q := range queries {
			if _, err := st.SalesRows(ctx, q[0], q[1], q[2], 0); err != nil {
				return err
			}
		}
		return nil
	}
	bare := func() error {
		var sum sql.NullInt64
		return raw.QueryRow("SELECT SUM(price * quantity) FROM order_lines").Scan(&sum)
	}
	median := func(f func() error) (time.Duration, error) {
		var ds []time.Duration
		for range runs {
			start := time.Now()
			if err := f(); err != nil {
				return 0, err
			}
			ds = append(ds, time.Since(start))
		}
		slices.Sort(ds)
		return ds[len(ds)/2], nil
	}
	if err := dashboard(); err != nil { // rollups are built by seed; this warms caches
		return err
	}
	d, err := median(dashboard)
	if err != nil {
		return err
	}
	b, err := median(bare)
	if err != nil {
		return err
	}
	fmt.Printf("\n%s, %d order lines, median of %d runs\n\n", driver, count, runs)
	fmt.Println("| measure | median | × bare scan |")
	fmt.Println("|---|---:|---:|")
	fmt.Printf("| bare SELECT SUM over order_lines | %s | 1.00 |\n", round(b))
	fmt.Printf("| year dashboard (9 rollup queries) | %s | %.2f |\n", round(d), float64(d)/float64(b))
	return nil
}
