package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"io/fs"
	"math/rand/v2"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"kriya/internal/account"
	"kriya/internal/ledger"
	"kriya/internal/media"
	"kriya/internal/store"
	"kriya/internal/store/storetest"
)

// faultServer is a `kriya serve` process that a fault test may kill.
type faultServer struct {
	cmd  *exec.Cmd
	base string
	log  string // the process's stderr, shown when the test fails
	done chan struct{}
}

// faultOptions says how to start a faultServer.
type faultOptions struct {
	driver, dsn, dataDir string
	env                  []string
	// bin is the executable; the test binary itself when empty.
	bin string
	// as runs the process as another user (uploads to a read-only folder
	// must fail for the server, and root ignores permission bits).
	as *syscall.Credential
}

// manyOrdersFromOneClient lifts the limits on unpaid orders per client
// address (order.Limits): these tests' buyers all come from 127.0.0.1 and
// place hundreds of orders a minute, which is what the limits stop. Each
// order has its own e-mail, so the per-e-mail limits stay as they are.
var manyOrdersFromOneClient = []string{"KRIYA_ORDERS_PER_CLIENT_HOUR=100000000", "KRIYA_ORDER_HELD_PER_CLIENT=100000000"}

// startFaultServer runs `kriya serve` in a process of its own and waits
// until it answers /healthz.
func startFaultServer(t *testing.T, o faultOptions) *faultServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	bin := o.bin
	if bin == "" {
		bin = os.Args[0]
	}
	logFile, err := os.CreateTemp(t.TempDir(), "kriya-serve-*.log")
	if err != nil {
		t.Fatal(err)
	}
	s := &faultServer{cmd: exec.Command(bin), base: "http://" + addr, log: logFile.Name(), done: make(chan struct{})}
	s.cmd.Env = append(os.Environ(), "KRIYA_TEST_RUN=serve", "KRIYA_DB_DRIVER="+o.driver, "KRIYA_DB_DSN="+o.dsn,
		"KRIYA_ADDR="+addr, "KRIYA_BASE_URL=", "KRIYA_DATA_DIR="+o.dataDir, "KRIYA_BANK_ACCOUNT=BPD Bali (tes)")
	s.cmd.Env = append(s.cmd.Env, o.env...)
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	if o.as != nil {
		s.cmd.SysProcAttr = &syscall.SysProcAttr{Credential: o.as}
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	logFile.Close()
	go func() {
		s.cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		s.stop(syscall.SIGTERM)
		if t.Failed() {
			b, _ := os.ReadFile(s.log)
			var failures []string
			for line := range strings.Lines(string(b)) {
				if strings.Contains(line, "level=ERROR") && !strings.Contains(line, "msg=request ") && !strings.Contains(line, `msg="health check"`) {
					failures = append(failures, line)
				}
			}
			t.Logf("errors logged by kriya serve on %s:\n%s", addr, strings.Join(failures[max(0, len(failures)-20):], ""))
		}
	})
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		select {
		case <-s.done:
			b, _ := os.ReadFile(s.log)
			t.Fatalf("kriya serve exited at start:\n%s", b)
		default:
		}
		if res, err := http.Get(s.base + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s
			}
		}
	}
	t.Fatalf("kriya serve on %s did not answer", addr)
	return nil
}

// stop sends sig (SIGKILL: no chance to finish anything) and waits for
// the process to end.
func (s *faultServer) stop(sig syscall.Signal) {
	select {
	case <-s.done:
		return
	default:
	}
	s.cmd.Process.Signal(sig)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}

// call sends a JSON request and decodes a JSON answer into out (if not nil).
func call(client *http.Client, method, url, token string, body any, out any) (int, []byte, error) {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return res.StatusCode, b, err
	}
	if out != nil && res.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			return res.StatusCode, b, err
		}
	}
	return res.StatusCode, b, nil
}

const faultPassword = "kriya-fault-test-password"

// addUser creates a user with faultPassword.
func addUser(t *testing.T, st *store.Store, email, role string, artisanID *int64) {
	t.Helper()
	hash, err := account.HashPassword(faultPassword)
	if err != nil {
		t.Fatal(err)
	}
	u := account.User{Email: email, Name: role, Role: role, Lang: "id", Active: true, PasswordHash: hash, ArtisanID: artisanID}
	if err := st.CreateUser(context.Background(), &u); err != nil {
		t.Fatal(err)
	}
}

// restock sets the stock of every SKU of the known catalog's products for
// sale, and returns the SKUs' codes and stock.
func restock(t *testing.T, st *store.Store, stock int) map[string]int {
	t.Helper()
	ctx := context.Background()
	out := map[string]int{}
	for _, slug := range []string{"cincin-jawan", "anting-bunga", "kain-endek", "songket-emas"} {
		p, err := st.ProductBySlug(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		listing, err := st.ArtisanListing(ctx, p.ArtisanID, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for i := range listing.SKUs {
			listing.SKUs[i].Stock = stock
		}
		if err := st.SaveListing(ctx, &listing); err != nil {
			t.Fatal(err)
		}
		for _, k := range listing.SKUs {
			out[k.Code] = stock
		}
	}
	return out
}

type placedOrder struct {
	Number string `json:"number"`
	Status string `json:"status"`
	Total  int64  `json:"total"`
}

// orderBody is an API order of one to three random lines, by bank transfer.
func orderBody(i int, codes []string) map[string]any {
	var items []map[string]any
	for range 1 + rand.IntN(3) {
		items = append(items, map[string]any{"sku": codes[rand.IntN(len(codes))], "quantity": 1 + rand.IntN(3)})
	}
	return map[string]any{"email": fmt.Sprintf("buyer%d@example.id", i), "name": "Pembeli", "phone": "081234567890",
		"pickup": true, "address": map[string]any{"country": "ID"}, "items": items, "payment_method": "manual"}
}

// transferBody confirms a bank transfer of the whole total, as staff do.
func transferBody(o placedOrder) map[string]any {
	return map[string]any{"amount": o.Total, "reference": "BCA-" + o.Number, "paid_at": "2026-11-27"}
}

// A server killed with SIGKILL in the middle of a stream of order
// placements and payments loses nothing it confirmed and leaves nothing
// half-made: after a restart on the same database every order a client saw
// created is there with its lines and parts, stock taken equals the lines of
// live orders, and every paid order has its payment and ledger entries.
func TestKillDuringOrders(t *testing.T) {
	for _, dialect := range storetest.Dialects(t) {
		t.Run(dialect, func(t *testing.T) { killDuringOrders(t, dialect) })
	}
}

// commissionPercent is the council's share in the kill test, so that the
// ledger has commission entries to check.
const commissionPercent = 10

func killDuringOrders(t *testing.T, dialect string) {
	ctx := context.Background()
	dsn := storetest.DSN(t, dialect)
	st, err := store.Open(ctx, store.Options{Driver: dialect, DSN: dsn})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	storetest.Catalog(t, st)
	initial := restock(t, st, 100_000)
	var codes []string
	for c := range initial {
		codes = append(codes, c)
	}
	addUser(t, st, "staf@kriya.test", account.RoleStaff, nil)

	opts := faultOptions{driver: dialect, dsn: dsn, dataDir: filepath.Join(t.TempDir(), "data"),
		env: append([]string{fmt.Sprintf("KRIYA_COMMISSION_PERCENT=%d", commissionPercent)}, manyOrdersFromOneClient...)}
	srv := startFaultServer(t, opts)
	client := &http.Client{Timeout: 20 * time.Second}
	var tok struct{ Token string }
	if code, b, err := call(client, "POST", srv.base+"/api/v1/tokens", "", map[string]string{"email": "staf@kriya.test", "password": faultPassword}, &tok); err != nil || code != http.StatusCreated {
		t.Fatalf("token: %d %s %v", code, b, err)
	}

	// Four buyers place orders and staff confirm payments, until the
	// server is killed under them.
	var (
		mu      sync.Mutex
		created = map[string]placedOrder{}
		paid    = map[string]bool{}
		count   atomic.Int64
		toPay   = make(chan placedOrder, 1000)
		buyers  sync.WaitGroup
		payer   sync.WaitGroup
	)
	for b := range 4 {
		buyers.Go(func() {
			for i := b * 100_000; ; i++ {
				var o placedOrder
				code, body, err := call(client, "POST", srv.base+"/api/v1/orders", "", orderBody(i, codes), &o)
				if err != nil {
					return // killed
				}
				if code != http.StatusCreated {
					t.Errorf("order: %d %s", code, body)
					return
				}
				mu.Lock()
				created[o.Number] = o
				mu.Unlock()
				count.Add(1)
				if i%3 == 0 {
					toPay <- o
				}
			}
		})
	}
	payer.Go(func() {
		for o := range toPay {
			code, body, err := call(client, "POST", srv.base+"/api/v1/council/orders/"+o.Number+"/payments", tok.Token, transferBody(o), nil)
			if err != nil {
				continue // killed: the order is paid or not, and must be consistent either way
			}
			if code != http.StatusOK {
				t.Errorf("payment of %s: %d %s", o.Number, code, body)
				continue
			}
			mu.Lock()
			paid[o.Number] = true
			mu.Unlock()
		}
	})
	for deadline := time.Now().Add(30 * time.Second); count.Load() < 30 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(time.Duration(rand.IntN(50)) * time.Millisecond) // land anywhere in a request
	srv.stop(syscall.SIGKILL)
	// The buyers stop at their first failed request; then the payer
	// drains its queue (each call now fails at once) and stops.
	buyers.Wait()
	close(toPay)
	payer.Wait()
	if len(created) < 30 {
		t.Fatalf("only %d orders placed before the kill", len(created))
	}
	t.Logf("%d orders confirmed, %d payments confirmed before the kill", len(created), len(paid))

	// Restarted on the same database, the server confirms payments of
	// orders placed before the kill.
	srv = startFaultServer(t, opts)
	n := 0
	for number, o := range created {
		if paid[number] || n == 5 {
			continue
		}
		code, body, err := call(client, "POST", srv.base+"/api/v1/council/orders/"+number+"/payments", tok.Token, transferBody(o), nil)
		if code == http.StatusConflict {
			continue // its payment went through just before the kill, unconfirmed
		}
		if err != nil || code != http.StatusOK {
			t.Fatalf("payment of %s after restart: %d %s %v", number, code, body, err)
		}
		paid[number] = true
		n++
	}
	var o placedOrder
	if code, body, err := call(client, "POST", srv.base+"/api/v1/orders", "", orderBody(1, codes), &o); err != nil || code != http.StatusCreated {
		t.Fatalf("order after restart: %d %s %v", code, body, err)
	}
	created[o.Number] = o
	srv.stop(syscall.SIGTERM)

	checkOrders(t, dialect, dsn, initial, created, paid, commissionPercent*100)
}

// checkOrders reads the database directly and checks that the orders are
// whole and agree with stock, payments and the ledger.
func checkOrders(t *testing.T, dialect, dsn string, initial map[string]int, created map[string]placedOrder, paid map[string]bool, commissionBP int) {
	t.Helper()
	driverName := map[string]string{store.SQLite: "sqlite", store.MySQL: "mysql"}[dialect]
	db, err := sql.Open(driverName, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	count := func(query string, args ...any) int {
		t.Helper()
		var n int
		if err := db.QueryRow(query, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return n
	}

	// Every order is whole: lines, parts, its placing recorded; no line
	// or part without its order or outside it.
	for what, query := range map[string]string{
		"orders without lines":                 `SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id)`,
		"orders without fulfilments":           `SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM fulfilments f WHERE f.order_id = o.id)`,
		"orders without their placed event":    `SELECT COUNT(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_events e WHERE e.order_id = o.id AND e.kind = 'placed')`,
		"fulfilments without lines":            `SELECT COUNT(*) FROM fulfilments f WHERE NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.fulfilment_id = f.id)`,
		"lines outside their order's parts":    `SELECT COUNT(*) FROM order_lines l WHERE NOT EXISTS (SELECT 1 FROM fulfilments f WHERE f.id = l.fulfilment_id AND f.order_id = l.order_id AND f.artisan_id = l.artisan_id)`,
		"lines without an order":               `SELECT COUNT(*) FROM order_lines l WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.id = l.order_id)`,
		"orders whose subtotal is not lines'":  `SELECT COUNT(*) FROM orders o WHERE o.subtotal <> (SELECT SUM(l.price * l.quantity) FROM order_lines l WHERE l.order_id = o.id)`,
		"orders whose total is not the sum":    `SELECT COUNT(*) FROM orders o WHERE o.total <> o.subtotal + o.shipping`,
		"paid orders without their payment":    `SELECT COUNT(*) FROM orders o WHERE o.status = 'paid' AND o.total <> (SELECT COALESCE(SUM(p.amount), 0) FROM payments p WHERE p.order_id = o.id)`,
		"unpaid orders with payments":          `SELECT COUNT(*) FROM orders o WHERE o.status <> 'paid' AND EXISTS (SELECT 1 FROM payments p WHERE p.order_id = o.id)`,
		"unpaid orders with ledger entries":    `SELECT COUNT(*) FROM orders o WHERE o.status <> 'paid' AND EXISTS (SELECT 1 FROM ledger_entries e WHERE e.order_number = o.number)`,
		"orders neither pending nor paid":      `SELECT COUNT(*) FROM orders WHERE status NOT IN ('pending_payment', 'paid')`,
		"ledger entries of no order":           `SELECT COUNT(*) FROM ledger_entries e WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.number = e.order_number)`,
		"paid orders' parts not ready to pack": `SELECT COUNT(*) FROM fulfilments f JOIN orders o ON o.id = f.order_id WHERE o.status = 'paid' AND f.status = 'pending'`,
	} {
		if n := count(query); n != 0 {
			t.Errorf("%s: %d", what, n)
		}
	}

	// Every order a buyer saw created exists, as it was answered; every
	// payment staff saw confirmed is recorded.
	for number, o := range created {
		var status string
		var total int64
		if err := db.QueryRow(`SELECT status, total FROM orders WHERE number = ?`, number).Scan(&status, &total); err != nil {
			t.Errorf("order %s, answered 201, is missing: %v", number, err)
			continue
		}
		if total != o.Total {
			t.Errorf("order %s: total %d, answered %d", number, total, o.Total)
		}
		if paid[number] && status != "paid" {
			t.Errorf("order %s: payment confirmed, status %s", number, status)
		}
	}

	// Stock taken is exactly the lines of live orders, SKU by SKU.
	for code, start := range initial {
		var stock, reserved int
		if err := db.QueryRow(`SELECT stock FROM skus WHERE code = ?`, code).Scan(&stock); err != nil {
			t.Fatal(err)
		}
		reserved = count(`SELECT COALESCE(SUM(l.quantity), 0) FROM order_lines l JOIN orders o ON o.id = l.order_id
			WHERE l.sku_code = ? AND o.status IN ('pending_payment', 'paid')`, code)
		if start-reserved != stock {
			t.Errorf("SKU %s: stock %d, want %d − %d reserved = %d", code, stock, start, reserved, start-reserved)
		}
	}

	// Each paid order credits each artisan its lines and shipping, less
	// the commission, once.
	rows, err := db.Query(`SELECT o.number, f.artisan_id, f.shipping,
			(SELECT SUM(l.price * l.quantity) FROM order_lines l WHERE l.fulfilment_id = f.id)
		FROM fulfilments f JOIN orders o ON o.id = f.order_id WHERE o.status = 'paid'`)
	if err != nil {
		t.Fatal(err)
	}
	type part struct {
		number  string
		artisan int64
	}
	want := map[part]map[string]int64{}
	for rows.Next() {
		var p part
		var shipping, lines int64
		if err := rows.Scan(&p.number, &p.artisan, &shipping, &lines); err != nil {
			t.Fatal(err)
		}
		want[p] = map[string]int64{}
		for _, e := range ledger.SaleEntries(p.artisan, p.number, lines, shipping, commissionBP, time.Time{}) {
			want[p][e.Kind] += e.Amount
		}
	}
	rows.Close()
	got := map[part]map[string]int64{}
	rows, err = db.Query(`SELECT order_number, artisan_id, kind, amount FROM ledger_entries`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var p part
		var kind string
		var amount int64
		if err := rows.Scan(&p.number, &p.artisan, &kind, &amount); err != nil {
			t.Fatal(err)
		}
		if got[p] == nil {
			got[p] = map[string]int64{}
		}
		if _, twice := got[p][kind]; twice {
			t.Errorf("order %s, artisan %d: %s entered twice", p.number, p.artisan, kind)
		}
		got[p][kind] += amount
	}
	rows.Close()
	if len(want) == 0 {
		t.Error("no paid order to check the ledger with")
	}
	for p, w := range want {
		for kind, amount := range w {
			if got[p][kind] != amount {
				t.Errorf("order %s, artisan %d: %s %d in the ledger, want %d", p.number, p.artisan, kind, got[p][kind], amount)
			}
		}
		if len(got[p]) != len(w) {
			t.Errorf("order %s, artisan %d: ledger %v, want %v", p.number, p.artisan, got[p], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("ledger has entries for %d parts of paid orders, want %d", len(got), len(want))
	}
}

// mariadb is a MariaDB server of the test's own, which it may stop.
type mariadb struct {
	t       *testing.T
	bin     string // mariadbd
	datadir string
	port    int
	cmd     *exec.Cmd
	done    chan struct{}
}

// startMariaDB installs a MariaDB data folder in a temporary folder and
// starts a server on it. Without MariaDB installed the test is skipped,
// except on CI, where it fails.
func startMariaDB(t *testing.T) *mariadb {
	t.Helper()
	server, err1 := exec.LookPath("mariadbd")
	if err1 != nil {
		server, err1 = exec.LookPath("/usr/sbin/mariadbd")
	}
	install, err2 := exec.LookPath("mariadb-install-db")
	if err1 != nil || err2 != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI needs MariaDB's mariadbd and mariadb-install-db: %v %v", err1, err2)
		}
		t.Skip("needs mariadbd and mariadb-install-db (apt-get install mariadb-server)")
	}
	dir := t.TempDir()
	m := &mariadb{t: t, bin: server, datadir: filepath.Join(dir, "data")}
	args := []string{"--no-defaults", "--datadir=" + m.datadir, "--skip-test-db", "--auth-root-authentication-method=normal"}
	if os.Geteuid() == 0 {
		args = append(args, "--user=root")
	}
	if out, err := exec.Command(install, args...).CombinedOutput(); err != nil {
		t.Fatalf("mariadb-install-db: %v\n%s", err, out)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	m.port = ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	m.start()
	t.Cleanup(func() { m.stop(syscall.SIGKILL) })
	return m
}

// start runs mariadbd on the data folder and port, and waits until it
// answers.
func (m *mariadb) start() {
	m.t.Helper()
	args := []string{"--no-defaults", "--datadir=" + m.datadir, "--socket=" + filepath.Join(m.datadir, "mysqld.sock"),
		"--pid-file=" + filepath.Join(m.datadir, "mysqld.pid"), "--port=" + fmt.Sprint(m.port), "--bind-address=127.0.0.1",
		"--skip-grant-tables", "--innodb-buffer-pool-size=32M", "--log-error=" + filepath.Join(m.datadir, "error.log")}
	if os.Geteuid() == 0 {
		args = append(args, "--user=root")
	}
	m.cmd = exec.Command(m.bin, args...)
	if err := m.cmd.Start(); err != nil {
		m.t.Fatal(err)
	}
	done := make(chan struct{})
	m.done = done
	cmd := m.cmd
	go func() {
		cmd.Wait()
		close(done)
	}()
	db, err := sql.Open("mysql", m.dsn(""))
	if err != nil {
		m.t.Fatal(err)
	}
	defer db.Close()
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		select {
		case <-done:
			b, _ := os.ReadFile(filepath.Join(m.datadir, "error.log"))
			m.t.Fatalf("mariadbd exited:\n%s", b)
		default:
		}
		if db.Ping() == nil {
			return
		}
	}
	m.t.Fatal("mariadbd did not answer")
}

func (m *mariadb) dsn(database string) string {
	return fmt.Sprintf("root@tcp(127.0.0.1:%d)/%s", m.port, database)
}

// stop ends the server with sig and waits until it is gone.
func (m *mariadb) stop(sig syscall.Signal) {
	select {
	case <-m.done:
		return
	default:
	}
	m.cmd.Process.Signal(sig)
	select {
	case <-m.done:
	case <-time.After(60 * time.Second):
		m.cmd.Process.Kill()
		<-m.done
	}
}

// outcome is what a client saw of one request during the outage test.
type outcome struct {
	kind   string // healthz, page, api, order, session
	status int
	body   string
	ctype  string
}

// internalWords must never reach a user, whatever fails.
var internalWords = []string{"dial tcp", "connection refused", "invalid connection", "mysql", "sql:", "gorm", "EOF", "goroutine", "driver"}

// While the database is down, the server answers 503 — health check, pages
// and the API alike, with the site's error page or a JSON error and not a
// word of the cause — and once the database is back it serves again
// without a restart: after a clean shutdown and after a crash.
func TestDatabaseOutage(t *testing.T) {
	m := startMariaDB(t)
	admin, err := sql.Open("mysql", m.dsn(""))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("CREATE DATABASE kriya CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		t.Fatal(err)
	}
	admin.Close()
	ctx := context.Background()
	dsn := m.dsn("kriya")
	st, err := store.Open(ctx, store.Options{Driver: store.MySQL, DSN: dsn})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	storetest.Catalog(t, st)
	initial := restock(t, st, 100_000)
	st.Close()
	var codes []string
	for c := range initial {
		codes = append(codes, c)
	}
	srv := startFaultServer(t, faultOptions{driver: store.MySQL, dsn: dsn, dataDir: filepath.Join(t.TempDir(), "data"), env: manyOrdersFromOneClient})

	// Three clients ask for the health check, a search page (a new query
	// each time, so no cached copy answers), the API and new orders.
	client := &http.Client{Timeout: 20 * time.Second}
	var (
		mu     sync.Mutex
		latest = map[string]outcome{}
		seen   = map[string]map[int]int{}
		stop   = make(chan struct{})
		wg     sync.WaitGroup
		n      atomic.Int64
	)
	// A visitor with a session (a cart starts one; looking at pages does
	// not): its session is read from the database before any handler runs.
	jar, _ := cookiejar.New(nil)
	visitor := &http.Client{Jar: jar, Timeout: 20 * time.Second}
	if res, err := visitor.PostForm(srv.base+"/cart/items", url.Values{"sku": {codes[0]}, "quantity": {"1"}}); err != nil {
		t.Fatal(err)
	} else {
		res.Body.Close()
	}
	if u, _ := url.Parse(srv.base); len(jar.Cookies(u)) == 0 {
		t.Fatal("adding to the cart started no session")
	}
	var getWith func(client *http.Client, kind, path string)
	record := func(o outcome) {
		mu.Lock()
		defer mu.Unlock()
		latest[o.kind] = o
		if seen[o.kind] == nil {
			seen[o.kind] = map[int]int{}
		}
		seen[o.kind][o.status]++
		switch o.status {
		case http.StatusOK, http.StatusCreated:
		case http.StatusServiceUnavailable:
			checkUnavailable(t, o)
		default:
			t.Errorf("%s: %d %s", o.kind, o.status, o.body)
		}
	}
	get := func(kind, path string) {
		getWith(client, kind, path)
	}
	getWith = func(client *http.Client, kind, path string) {
		res, err := client.Get(srv.base + path)
		if err != nil {
			t.Errorf("%s: %v", kind, err)
			return
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		record(outcome{kind, res.StatusCode, string(b), res.Header.Get("Content-Type")})
	}
	for range 3 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				i := n.Add(1)
				get("healthz", "/healthz")
				get("page", fmt.Sprintf("/products?q=perak+%d", i))
				get("api", fmt.Sprintf("/api/v1/products?q=tenun+%d", i))
				getWith(visitor, "session", "/cart")
				req, _ := http.NewRequest("POST", srv.base+"/api/v1/orders", strings.NewReader(mustJSON(orderBody(int(i), codes))))
				req.Header.Set("Content-Type", "application/json")
				res, err := client.Do(req)
				if err != nil {
					t.Errorf("order: %v", err)
					continue
				}
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				record(outcome{"order", res.StatusCode, string(b), res.Header.Get("Content-Type")})
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
	// waitFor waits until the latest answer of every kind has status.
	waitFor := func(status map[string]int, within time.Duration) {
		t.Helper()
		mu.Lock()
		clear(latest)
		mu.Unlock()
		deadline := time.Now().Add(within)
		for {
			mu.Lock()
			ok := true
			for kind, want := range status {
				if latest[kind].status != want {
					ok = false
				}
			}
			got := fmt.Sprint(latest)
			mu.Unlock()
			if ok {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("after %s, answers are not %v:\n%s", within, status, got)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	up := map[string]int{"healthz": 200, "page": 200, "api": 200, "order": 201, "session": 200}
	down := map[string]int{"healthz": 503, "page": 503, "api": 503, "order": 503, "session": 503}
	waitFor(up, 20*time.Second)
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGKILL} {
		m.stop(sig)
		waitFor(down, 20*time.Second)
		time.Sleep(time.Second) // keep asking while it is down
		m.start()
		waitFor(up, 30*time.Second)
	}
	close(stop)
	wg.Wait()
	t.Logf("answers: %v", seen)
	select {
	case <-srv.done:
		t.Fatal("the server exited")
	default:
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// checkUnavailable checks a 503: JSON with the "unavailable" code from the
// API and the health check, the site's page for pages; no internal text.
func checkUnavailable(t *testing.T, o outcome) {
	for _, w := range internalWords {
		if strings.Contains(strings.ToLower(o.body), strings.ToLower(w)) {
			t.Errorf("%s: 503 tells %q: %s", o.kind, w, o.body)
		}
	}
	if o.kind == "session" {
		return // the session manager's plain-text answer
	}
	if o.kind == "page" {
		if !strings.HasPrefix(o.ctype, "text/html") || !strings.Contains(o.body, `class="error-page"`) {
			t.Errorf("page: 503 is not the site's error page: %s %s", o.ctype, o.body)
		}
		return
	}
	var e struct {
		Error struct{ Code, Message string }
	}
	if err := json.Unmarshal([]byte(o.body), &e); err != nil || e.Error.Code != "unavailable" {
		t.Errorf("%s: 503 is not a JSON error with code unavailable: %s", o.kind, o.body)
	}
}

// unprivileged is how the upload test runs the server: as nobody when the
// test runs as root, whom permission bits do not stop.
func unprivileged() *syscall.Credential {
	if os.Geteuid() != 0 {
		return nil
	}
	return &syscall.Credential{Uid: 65534, Gid: 65534}
}

// An upload to a data folder that is read-only or full fails cleanly: the
// artisan gets the form back with a message, nothing is half-written (no
// partial or orphan file, no listing pointing at a missing photo), and once
// the folder can be written again the same upload works.
func TestUploadToUnwritableDataFolder(t *testing.T) {
	ctx := context.Background()
	// A folder that the unprivileged server can reach: t.TempDir's parent
	// is private to the test's user.
	dir, err := os.MkdirTemp("", "kriya-upload-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	dbDir, dataDir := filepath.Join(dir, "db"), filepath.Join(dir, "data")
	mediaDir := filepath.Join(dataDir, "media")
	for _, d := range []string{dbDir, mediaDir} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	dsn := filepath.Join(dbDir, "kriya.db")
	st, err := store.Open(ctx, store.Options{Driver: store.SQLite, DSN: dsn})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	storetest.Catalog(t, st)
	sari, err := st.ArtisanBySlug(ctx, "perak-sari")
	if err != nil {
		t.Fatal(err)
	}
	addUser(t, st, "sari@kriya.test", account.RoleArtisan, &sari.ID)
	perak, err := st.CategoryBySlug(ctx, "perak")
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	opts := faultOptions{driver: store.SQLite, dsn: dsn, dataDir: dataDir, as: unprivileged(), env: []string{"KRIYA_LISTING_REVIEW=off"}}
	if opts.as != nil {
		// The test binary sits in a folder only root may enter.
		opts.bin = filepath.Join(dir, "kriya.test")
		if err := copyFile(os.Args[0], opts.bin); err != nil {
			t.Fatal(err)
		}
		for _, d := range []string{dbDir, dataDir} {
			if err := chownAll(d, int(opts.as.Uid), int(opts.as.Gid)); err != nil {
				t.Fatal(err)
			}
		}
	}
	srv := startFaultServer(t, opts)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.PostForm(srv.base+"/login?lang=en", url.Values{"email": {"sari@kriya.test"}, "password": {faultPassword}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in: %d", res.StatusCode)
	}
	photo := gradientJPEG(t)
	upload := func(title string) (int, string) {
		t.Helper()
		res, err := client.Get(srv.base + "/artisan/products/new?lang=en")
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(res.Body)
		res.Body.Close()
		_, after, ok := strings.Cut(string(page), `name="csrf_token" value="`)
		token, _, _ := strings.Cut(after, `"`)
		if !ok || token == "" {
			t.Fatalf("no form token on the new listing form (%d)", res.StatusCode)
		}
		var body bytes.Buffer
		w := newMultipart(&body, map[string]string{"csrf_token": token, "title_id": title, "description_id": "Cincin perak buatan tangan.",
			"category": fmt.Sprint(perak.ID), "sku_label": "", "sku_price": "250000", "sku_stock": "3", "weight_grams": "20"})
		part, _ := w.CreateFormFile("photos", "cincin.jpg")
		part.Write(photo)
		w.Close()
		req, _ := http.NewRequest("POST", srv.base+"/artisan/products/new?lang=en", &body)
		req.Header.Set("Content-Type", w.FormDataContentType())
		res, err = client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		return res.StatusCode, string(b)
	}
	refused := func(t *testing.T, title string) {
		t.Helper()
		code, body := upload(title)
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, "The photo could not be stored right now") {
			t.Errorf("upload: %d, want 422 with the form and a message:\n%s", code, body)
		}
		for _, w := range []string{"permission denied", "read-only", "no space", "upload-", "media:"} {
			if strings.Contains(strings.ToLower(body), w) {
				t.Errorf("the form tells %q", w)
			}
		}
		if !strings.Contains(body, title) {
			t.Error("the form lost what was typed")
		}
		if files := regularFiles(t, mediaDir); len(files) > 0 {
			t.Errorf("left behind: %v", files)
		}
	}

	t.Run("read-only", func(t *testing.T) {
		if err := os.Chmod(mediaDir, 0o555); err != nil {
			t.Fatal(err)
		}
		defer os.Chmod(mediaDir, 0o755)
		refused(t, "Cincin Baca Saja")
	})
	t.Run("full", func(t *testing.T) {
		// A tmpfs with room for the Large variant but not its thumbnail,
		// so the disk fills in the middle of the photo.
		large := largeVariantSize(t, photo)
		size := (large + 4095) / 4096 * 4096
		if err := syscall.Mount("tmpfs", mediaDir, "tmpfs", 0, fmt.Sprintf("size=%d,mode=0777", size)); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("CI runs as root and must be able to mount a tmpfs: %v", err)
			}
			t.Skipf("cannot mount a tmpfs (needs root): %v", err)
		}
		defer syscall.Unmount(mediaDir, 0)
		refused(t, "Cincin Penuh")
	})

	code, body := upload("Cincin Tersimpan")
	if code != http.StatusSeeOther {
		t.Fatalf("upload to a writable folder: %d\n%s", code, body)
	}
	srv.stop(syscall.SIGTERM)

	// Every listing's photos are on disk, and every file on disk belongs
	// to a listing: exactly one listing was made, with its photo.
	st, err = store.Open(ctx, store.Options{Driver: store.SQLite, DSN: dsn})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	products, err := st.ArtisanListings(ctx, sari.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	made := 0
	for _, p := range products {
		switch p.Title.ID {
		case "Cincin Baca Saja", "Cincin Penuh", "Cincin Tersimpan":
			made++
			if p.Title.ID != "Cincin Tersimpan" || len(p.Images) != 1 {
				t.Errorf("listing %q with %d photos was saved", p.Title.ID, len(p.Images))
			}
		}
		for _, img := range p.Images {
			if strings.HasPrefix(img.Key, "listings/") {
				for _, size := range []int{media.Large, media.Thumb} {
					want[filepath.Join(mediaDir, filepath.FromSlash(media.VariantKey(img.Key, size)))] = true
				}
			}
		}
	}
	if made != 1 {
		t.Errorf("%d of the test's listings saved, want 1", made)
	}
	files := regularFiles(t, mediaDir)
	for _, f := range files {
		if !want[f] {
			t.Errorf("orphan file %s", f)
		}
		delete(want, f)
	}
	for f := range want {
		t.Errorf("listing photo %s is missing", f)
	}
}

func gradientJPEG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 1600, 1200))
	for y := range 1200 {
		for x := range 1600 {
			img.Set(x, y, color.RGBA{uint8(x * 255 / 1600), uint8(y * 255 / 1200), uint8((x ^ y) & 0xff), 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// largeVariantSize is how many bytes the Large variant of photo takes.
func largeVariantSize(t *testing.T, photo []byte) int {
	t.Helper()
	disk, err := media.NewDisk(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	p, err := media.SavePhoto(context.Background(), disk, "x", bytes.NewReader(photo))
	if err != nil {
		t.Fatal(err)
	}
	b, err := fs.ReadFile(disk, media.VariantKey(p.Key, media.Large))
	if err != nil {
		t.Fatal(err)
	}
	return len(b)
}

func newMultipart(w io.Writer, fields map[string]string) *multipart.Writer {
	m := multipart.NewWriter(w)
	for k, v := range fields {
		m.WriteField(k, v)
	}
	return m
}

// regularFiles lists the files under root, folders left out.
func regularFiles(t *testing.T, root string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o755)
}

func chownAll(root string, uid, gid int) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(p, uid, gid)
	})
}
