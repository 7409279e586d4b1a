package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"kriya/internal/store"
	"kriya/internal/store/storetest"
)

// TestMain lets a test start this very binary as `kriya ARGS` in a process
// of its own: set KRIYA_TEST_RUN to the arguments.
func TestMain(m *testing.M) {
	if args := os.Getenv("KRIYA_TEST_RUN"); args != "" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := run(ctx, strings.Fields(args), os.Getenv, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// startServer runs `kriya serve` in a separate process on dsn and returns
// its base URL once it answers.
func startServer(t *testing.T, dsn string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "KRIYA_TEST_RUN=serve", "KRIYA_DB_DRIVER=mysql", "KRIYA_DB_DSN="+dsn,
		"KRIYA_ADDR="+addr, "KRIYA_BASE_URL=", "KRIYA_DATA_DIR="+filepath.Join(t.TempDir(), "data"), "KRIYA_BANK_ACCOUNT=BPD Bali (tes)")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	})
	base := "http://" + addr
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if res, err := http.Get(base + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return base
			}
		}
	}
	t.Fatalf("kriya serve on %s did not answer", addr)
	return ""
}

// Two server processes on one MySQL, 50 buyers at once for 7 in stock:
// exactly 7 orders across both, 43 out-of-stock answers.
func TestTwoProcessesNeverOversell(t *testing.T) {
	storetest.NeedMySQL(t)
	ctx := context.Background()
	dsn := storetest.DSN(t, store.MySQL)
	st, err := store.Open(ctx, store.Options{Driver: store.MySQL, DSN: dsn})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	storetest.Catalog(t, st)
	p, _ := st.ProductBySlug(ctx, "kain-endek")
	listing, _ := st.ArtisanListing(ctx, p.ArtisanID, p.ID)
	listing.SKUs[0].Stock = 7
	if err := st.SaveListing(ctx, &listing); err != nil {
		t.Fatal(err)
	}
	servers := []string{startServer(t, dsn), startServer(t, dsn)}
	var wg sync.WaitGroup
	var mu sync.Mutex
	statuses := map[int]int{}
	for i := range 50 {
		wg.Go(func() {
			body := fmt.Sprintf(`{"email":"b%d@example.id","name":"B","phone":"081234567890","pickup":true,
				"address":{"country":"ID"},"items":[{"sku":%q,"quantity":1}],"payment_method":"manual"}`, i, listing.SKUs[0].Code)
			res, err := http.Post(servers[i%2]+"/api/v1/orders", "application/json", strings.NewReader(body))
			if err != nil {
				t.Error(err)
				return
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			mu.Lock()
			statuses[res.StatusCode]++
			mu.Unlock()
			if res.StatusCode >= 500 {
				t.Errorf("server error: %s", b)
			}
		})
	}
	wg.Wait()
	if statuses[201] != 7 || statuses[409] != 43 {
		t.Errorf("answers = %v, want 7×201 and 43×409", statuses)
	}
	k, _ := st.ArtisanSKU(ctx, p.ArtisanID, listing.SKUs[0].Code)
	if k.Stock != 0 {
		t.Errorf("stock = %d, want 0", k.Stock)
	}
}
