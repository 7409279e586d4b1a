package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"kriya/internal/exhibition"
	"kriya/internal/sales"
	"kriya/internal/store"
	"kriya/internal/store/storetest"
	"kriya/migrations"
)

// standOf is the exhibition channel's figures of one day, as the
// dashboard reads them.
func standOf(t *testing.T, st *store.Store, ex exhibition.Exhibition, day string) sales.Figures {
	t.Helper()
	next, _ := time.Parse("2006-01-02", day)
	rows, err := st.SalesRows(context.Background(), sales.ByChannel, day, next.AddDate(0, 0, 1).Format("2006-01-02"), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Key == sales.ExhibitionChannel(ex.ID) {
			return r.Figures
		}
	}
	return sales.Figures{}
}

// receiptAt is a receipt of a stand, sold at hh:mm WITA on day.
func receiptAt(ex exhibition.Exhibition, artisanID int64, day string, hh, mm int, units, amount int64, method string) exhibition.Receipt {
	r := exhibition.Receipt{ExhibitionID: ex.ID, ArtisanID: artisanID, Units: units, Amount: amount, Method: method, EnteredBy: "Staf"}
	d, _ := time.ParseInLocation("2006-01-02", day, sales.WITA)
	r.At(d.Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute))
	return r
}

// Receipts of one stand and day add up (the defect: the second replaced
// the first, Rp 3.400.000 → Rp 650.000); a correction replaces exactly the
// receipt it corrects and keeps it in the history; only the latest
// version counts, also when it moves the sale to another day; a void
// counts nothing; a superseded version cannot be corrected again.
func TestReceiptsAddUpAndCorrectionsReplaceOnlyTheirReceipt(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			st := storetest.Open(t, dialect)
			storetest.Catalog(t, st)
			ctx := context.Background()
			ayu, _ := st.ArtisanBySlug(ctx, "tenun-ayu")
			ex := exhibition.Exhibition{Name: "Gelar Produk Potensial", StartsOn: "2026-11-20", EndsOn: "2026-11-22", CreatedAt: time.Now()}
			if err := st.CreateExhibition(ctx, &ex); err != nil {
				t.Fatal(err)
			}
			songket := receiptAt(ex, ayu.ID, "2026-11-21", 10, 15, 1, 3_400_000, "transfer")
			selendang := receiptAt(ex, ayu.ID, "2026-11-21", 14, 40, 1, 650_000, "cash")
			for _, r := range []*exhibition.Receipt{&songket, &selendang} {
				if err := st.RecordReceipt(ctx, r); err != nil {
					t.Fatal(err)
				}
			}
			if f := standOf(t, st, ex, "2026-11-21"); f.Gross != 4_050_000 || f.Units != 2 {
				t.Fatalf("two receipts of one day = %+v, want both: Rp 4.050.000, 2 units", f)
			}

			// The Rp 650.000 was Rp 560.000, sold the next morning.
			fixed := receiptAt(ex, ayu.ID, "2026-11-22", 9, 30, 1, 560_000, "qris")
			fixed.Reason = "salah tanggal dan jumlah"
			if err := st.CorrectReceipt(ctx, selendang, &fixed); err != nil {
				t.Fatal(err)
			}
			if f := standOf(t, st, ex, "2026-11-21"); f.Gross != 3_400_000 {
				t.Errorf("the day the corrected sale left = %+v, want the other receipt alone, Rp 3.400.000", f)
			}
			if f := standOf(t, st, ex, "2026-11-22"); f.Gross != 560_000 {
				t.Errorf("the day the corrected sale moved to = %+v, want Rp 560.000", f)
			}
			all, err := st.Receipts(ctx, ex.ID, 0)
			if err != nil || len(all) != 3 {
				t.Fatalf("receipts = %+v, %v; want 3 versions", all, err)
			}
			hs := exhibition.Histories(all)
			if len(hs) != 2 || hs[1].Receipt.ID != fixed.ID || len(hs[1].Earlier) != 1 || hs[1].Earlier[0].Amount != 650_000 || len(hs[0].Earlier) != 0 {
				t.Errorf("histories = %+v, want the songket alone and the correction over the Rp 650.000", hs)
			}

			again := fixed
			again.Amount, again.Reason = 1, "kedua"
			if err := st.CorrectReceipt(ctx, selendang, &again); !errors.Is(err, exhibition.ErrSuperseded) {
				t.Errorf("correcting a superseded version = %v, want ErrSuperseded", err)
			}
			if rs, _ := st.Receipts(ctx, ex.ID, 0); len(rs) != 3 {
				t.Errorf("a refused correction left %d receipts, want 3", len(rs))
			}

			void := songket
			void.Units, void.Amount, void.Voided, void.Reason = 0, 0, true, "pembeli batal"
			if err := st.CorrectReceipt(ctx, songket, &void); err != nil {
				t.Fatal(err)
			}
			if f := standOf(t, st, ex, "2026-11-21"); f.Gross != 0 || f.Units != 0 {
				t.Errorf("a voided receipt counts %+v, want nothing", f)
			}
			if mine, _ := st.Receipts(ctx, ex.ID, ayu.ID+1000); len(mine) != 0 {
				t.Errorf("another artisan's receipts = %+v, want none", mine)
			}
			if _, err := st.Receipt(ctx, ex.ID+1, songket.ID); !errors.Is(err, exhibition.ErrReceiptNotFound) {
				t.Errorf("a receipt asked of another event = %v, want not found", err)
			}
		})
	}
}

// Two corrections of one receipt at once, as two staff at two desks: on
// either database exactly one is made, the other is refused with
// ErrSuperseded and leaves nothing behind.
func TestConcurrentCorrectionsOfOneReceiptOneWins(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			st := storetest.Open(t, dialect)
			storetest.Catalog(t, st)
			ctx := context.Background()
			sari, _ := st.ArtisanBySlug(ctx, "perak-sari")
			ex := exhibition.Exhibition{Name: "Pameran", StartsOn: "2026-11-20", EndsOn: "2026-11-22", CreatedAt: time.Now()}
			if err := st.CreateExhibition(ctx, &ex); err != nil {
				t.Fatal(err)
			}
			for round := range 5 {
				old := receiptAt(ex, sari.ID, "2026-11-20", 10, round, 1, 450_000, "cash")
				if err := st.RecordReceipt(ctx, &old); err != nil {
					t.Fatal(err)
				}
				var wg sync.WaitGroup
				start := make(chan struct{})
				errs := make([]error, 2)
				for i := range errs {
					wg.Go(func() {
						next := old
						next.Amount, next.Reason = int64(500_000+i*100_000), fmt.Sprint("meja ", i)
						<-start
						errs[i] = st.CorrectReceipt(ctx, old, &next)
					})
				}
				close(start)
				wg.Wait()
				made := 0
				for _, err := range errs {
					switch {
					case err == nil:
						made++
					case !errors.Is(err, exhibition.ErrSuperseded):
						t.Fatalf("a concurrent correction failed with %v, want ErrSuperseded", err)
					}
				}
				versions := 0
				rs, _ := st.Receipts(ctx, ex.ID, 0)
				for _, h := range exhibition.Histories(rs) {
					if h.Number() == old.ID {
						versions = 1 + len(h.Earlier)
					}
				}
				if made != 1 || versions != 2 {
					t.Fatalf("round %d: %d corrections made, the receipt has %d versions; want exactly one correction", round, made, versions)
				}
			}
		})
	}
}

// Stand sales recorded before receipts (one row per artisan and day, a
// second row superseding the first) stay, each a receipt: with its day,
// a time on that day, and its supersede link, so the figures reported
// before the change stay what they were.
func TestOldStandSalesBecomeReceipts(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.DSN(t, dialect)
			driver, gooseDialect, open := "sqlite", goose.DialectSQLite3, "file:"+dsn
			if dialect == store.MySQL {
				driver, gooseDialect, open = "mysql", goose.DialectMySQL, dsn
			}
			db, err := sql.Open(driver, open)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			dir, _ := fs.Sub(migrations.FS, dialect)
			p, err := goose.NewProvider(gooseDialect, db, dir)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := p.UpTo(ctx, 11); err != nil {
				t.Fatal(err)
			}
			for _, q := range []string{
				`INSERT INTO categories (id, slug, name_id, name_en, position) VALUES (1, 'tenun', 'Tenun', 'Weaving', 1)`,
				`INSERT INTO artisans (id, slug, name, category_id, story_id, story_en, status, created_at, updated_at) VALUES (1, 'tenun-ayu', 'Tenun Ayu', 1, '', '', 'active', '2026-01-01 00:00:00', '2026-01-01 00:00:00')`,
				`INSERT INTO exhibitions (id, name, starts_on, ends_on, created_at) VALUES (1, 'Pameran', '2026-11-20', '2026-11-22', '2026-11-01 00:00:00')`,
				// Entered on its day at 19:00 WITA; entered days later; and
				// that one's replacement.
				`INSERT INTO exhibition_sales (id, exhibition_id, artisan_id, day, units, amount, method, entered_by, created_at) VALUES (1, 1, 1, '2026-11-20', 3, 3400000, 'cash', 'Staf', '2026-11-20 11:00:00')`,
				`INSERT INTO sales_dirty (day) VALUES ('2026-11-20')`,
				`INSERT INTO sales_dirty (day) VALUES ('2026-11-21')`,
				`INSERT INTO exhibition_sales (id, exhibition_id, artisan_id, day, units, amount, method, entered_by, superseded_by, created_at) VALUES (2, 1, 1, '2026-11-21', 1, 500000, 'qris', 'Staf', 3, '2026-11-25 02:00:00')`,
				`INSERT INTO exhibition_sales (id, exhibition_id, artisan_id, day, units, amount, method, entered_by, created_at) VALUES (3, 1, 1, '2026-11-21', 1, 650000, 'qris', 'Staf', '2026-11-25 03:00:00')`,
			} {
				if _, err := db.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			st, err := store.Open(ctx, store.Options{Driver: dialect, DSN: dsn})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			rs, err := st.Receipts(ctx, 1, 0)
			if err != nil || len(rs) != 3 {
				t.Fatalf("receipts after the migration = %+v, %v; want the 3 rows", rs, err)
			}
			byID := map[int64]exhibition.Receipt{}
			for _, r := range rs {
				byID[r.ID] = r
			}
			if r := byID[1]; !r.SoldAt.Equal(time.Date(2026, 11, 20, 11, 0, 0, 0, time.UTC)) || r.Day != "2026-11-20" || r.Amount != 3_400_000 || !r.Current() {
				t.Errorf("a row entered on its day = %+v, want sold when entered", r)
			}
			if r := byID[2]; !r.SoldAt.Equal(time.Date(2026, 11, 21, 4, 0, 0, 0, time.UTC)) || r.Day != "2026-11-21" || r.Current() || *r.SupersededBy != 3 {
				t.Errorf("a row entered later = %+v, want sold at noon WITA of its day, still superseded by 3", r)
			}
			ex := exhibition.Exhibition{ID: 1}
			if f := standOf(t, st, ex, "2026-11-21"); f.Gross != 650_000 {
				t.Errorf("21 Nov after the migration = %+v, want Rp 650.000 as before", f)
			}
			if f := standOf(t, st, ex, "2026-11-20"); f.Gross != 3_400_000 {
				t.Errorf("20 Nov after the migration = %+v, want Rp 3.400.000 as before", f)
			}
		})
	}
}
