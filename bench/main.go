// Command bench measures the storefront under load and reports each page
// as a ratio to a trivial handler measured in the same run, on the same
// machine, so the figures mean something on any hardware.
//
//	go run ./bench                          # SQLite, and MySQL when KRIYA_TEST_MYSQL_DSN is set
//	go run ./bench -dsn 'root@tcp(127.0.0.1:3306)/' -products 10000
//
// It builds the kriya binary, and for each database creates it afresh,
// loads the demo data, history (`kriya seed orders`) and a large catalog
// (`kriya seed products`), starts `kriya serve` and a trivial HTTP server
// as separate processes, and drives each URL with the same number of
// concurrent connections; then a blend of them all, the mixed load.
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	mysqldriver "github.com/go-sql-driver/mysql"
	vegeta "github.com/tsenart/vegeta/v12/lib"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// options are the bench's flags.
type options struct {
	duration, mixed time.Duration
	conns           int
	products        int
	orders          int
}

func run() error {
	db := flag.String("db", "all", "databases to measure: all (SQLite, and MySQL when a DSN is given), sqlite or mysql")
	dsn := flag.String("dsn", os.Getenv("KRIYA_TEST_MYSQL_DSN"), "MySQL server DSN (a database kriya_bench is created on it); default $KRIYA_TEST_MYSQL_DSN")
	var o options
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "how long to load each URL")
	flag.DurationVar(&o.mixed, "mixed", 20*time.Second, "how long to run the mixed load")
	flag.IntVar(&o.conns, "c", 32, "concurrent connections")
	flag.IntVar(&o.products, "products", 100_000, "listings added by `kriya seed products` on top of the demo")
	flag.IntVar(&o.orders, "orders", 20_000, "paid orders of history added by `kriya seed orders` (the council dashboard reads them)")
	trivial := flag.String("trivial", "", "internal: serve the trivial handler on this address")
	salesLines := flag.Int("sales", 0, "instead of the page load, time the year dashboard over this many order lines of history")
	flag.Parse()
	if *trivial != "" {
		return serveTrivial(*trivial)
	}
	var drivers []string
	switch *db {
	case "all":
		drivers = []string{"sqlite"}
		if *dsn != "" {
			drivers = append(drivers, "mysql")
		} else {
			fmt.Println("no MySQL DSN (-dsn or KRIYA_TEST_MYSQL_DSN): measuring SQLite only")
		}
	case "sqlite":
		drivers = []string{"sqlite"}
	case "mysql":
		if *dsn == "" {
			return fmt.Errorf("-db mysql needs -dsn or KRIYA_TEST_MYSQL_DSN")
		}
		drivers = []string{"mysql"}
	default:
		return fmt.Errorf("-db must be all, sqlite or mysql")
	}

	dir, err := os.MkdirTemp("", "kriya-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "kriya")
	fmt.Println("building kriya…")
	if err := command("go", "build", "-o", bin, "./cmd/kriya").Run(); err != nil {
		return fmt.Errorf("build: %w", err)
	}
	for _, driver := range drivers {
		sub := filepath.Join(dir, driver)
		path := filepath.Join(sub, "kriya.db")
		if driver == "mysql" {
			if path, err = freshMySQL(*dsn); err != nil {
				return err
			}
		}
		if *salesLines > 0 {
			err = salesBench(bin, sub, driver, path, *salesLines, 21)
		} else {
			err = pageBench(bin, sub, driver, path, o)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", driver, err)
		}
	}
	return nil
}

// row is one line of the report: a URL loaded on its own, or the mix.
type row struct {
	name   string
	target vegeta.Targeter
}

// pageBench loads the data into a fresh database, serves it and measures
// every row, then the mixed load, printing one table.
func pageBench(bin, dir, driver, dsn string, o options) error {
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	env := append(os.Environ(), "KRIYA_ADDR="+addr, "KRIYA_DATA_DIR="+filepath.Join(dir, "data"), "KRIYA_BASE_URL=",
		"KRIYA_DB_DRIVER="+driver, "KRIYA_DB_DSN="+dsn, "KRIYA_BANK_ACCOUNT=BPD Bali (bench)",
		// Every bench order comes from one address: the limits on what one
		// client may hold (issue 14) would refuse all but the first few.
		"KRIYA_ORDER_HELD_PER_CLIENT=100000000", "KRIYA_ORDERS_PER_CLIENT_HOUR=100000000",
		"KRIYA_ORDER_HELD_PER_EMAIL=100000000", "KRIYA_ORDERS_PER_EMAIL_HOUR=100000000")
	var loaded []string
	for _, args := range [][]string{{"seed", "demo"}, {"seed", "orders", fmt.Sprint(o.orders)}, {"seed", "products", fmt.Sprint(o.products)}} {
		fmt.Printf("%s: kriya %s…\n", driver, strings.Join(args, " "))
		start := time.Now()
		seed := exec.Command(bin, args...)
		seed.Env = env
		// The progress bars would swamp the report; errors are shown.
		if out, err := seed.CombinedOutput(); err != nil {
			return fmt.Errorf("%v: %w\n%s", args, err, out)
		}
		loaded = append(loaded, fmt.Sprintf("%s %s", strings.Join(args, " "), time.Since(start).Round(time.Second)))
	}

	// The server logs every request; a line per request would bury the
	// report, so its log goes to a file that outlives the run.
	if err := os.MkdirAll(filepath.Join("bench", "out"), 0o755); err != nil {
		return err
	}
	logPath := filepath.Join("bench", "out", "serve-"+driver+".log")
	serverLog, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer serverLog.Close()
	fmt.Printf("%s: kriya serve (its log: %s)\n", driver, logPath)
	server := exec.Command(bin, "serve")
	server.Env = env
	server.Stdout, server.Stderr = serverLog, serverLog
	if err := server.Start(); err != nil {
		return err
	}
	defer func() { server.Process.Kill(); server.Wait() }()
	trivialAddr, err := freeAddr()
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	baseline := exec.Command(self, "-trivial", trivialAddr)
	if err := baseline.Start(); err != nil {
		return err
	}
	defer func() { baseline.Process.Kill(); baseline.Wait() }()
	base := "http://" + addr
	for _, u := range []string{base + "/healthz", "http://" + trivialAddr + "/"} {
		if err := waitFor(u); err != nil {
			return err
		}
	}
	slug, err := someProduct(base)
	if err != nil {
		return err
	}
	codes, err := stockUp(base)
	if err != nil {
		return err
	}
	staff, err := signIn(base, "staf@kriya.test")
	if err != nil {
		return err
	}
	total, err := productCount(base)
	if err != nil {
		return err
	}

	// A visitor with a session cookie is never served from the page cache:
	// those rows measure the full work of a page.
	session := "session=bench"
	catalog := getTarget(base+"/products", "")
	catalogUncached := getTarget(base+"/products", session)
	page3 := getTarget(base+"/products?sort=price_asc&page=3", session)
	search := getTarget(base+"/products?q=perak", "")
	searchUncached := getTarget(base+"/products?q=perak", session)
	searchRare := getTarget(base+"/products?q=cincin+naga+klasik", session)
	product := getTarget(base+"/products/"+slug, "")
	productUncached := getTarget(base+"/products/"+slug, session)
	productCounted := browserTarget(base + "/products/" + slug)
	api := getTarget(base+"/api/v1/products", "")
	orders := orderTarget(base+"/api/v1/orders", codes)
	dashboard := getTarget(base+"/council", staff)
	rows := []row{
		{"catalog /products", catalog},
		{"catalog /products, uncached (session)", catalogUncached},
		{"catalog page 3 by price, uncached", page3},
		{"product page", product},
		{"product page, uncached", productUncached},
		{"product page, view counted (a browser)", productCounted},
		{"search /products?q=perak", search},
		{"search /products?q=perak, uncached", searchUncached},
		{"search three words, uncached", searchRare},
		{"API /api/v1/products", api},
		{"order placement POST /api/v1/orders", orders},
		{"council dashboard /council (staff)", dashboard},
	}
	// The mix a busy day might see: mostly browsing, some searching, a few
	// orders, staff reading their dashboard; half the visitors signed in.
	mixed := blend([]weighted{
		{catalog, 15}, {catalogUncached, 10}, {page3, 5}, {product, 20}, {productUncached, 10},
		{search, 10}, {searchUncached, 10}, {api, 10}, {orders, 7}, {dashboard, 3},
	})

	fmt.Printf("\n%s, %d products (%d visible), %d connections, %s per URL, %s mixed; %s\n", driver, o.products, total,
		o.conns, o.duration, o.mixed, time.Now().UTC().Format(time.RFC3339))
	fmt.Printf("loaded: %s\n\n", strings.Join(loaded, ", "))
	fmt.Println("| URL | req/s | p50 | p95 | p99 | × baseline | errors | server peak RSS |")
	fmt.Println("|---|---:|---:|---:|---:|---:|---:|---:|")
	baseRate := measure("trivial handler (baseline)", getTarget("http://"+trivialAddr+"/", ""), baseline.Process.Pid, o.conns, o.duration, 0)
	results := map[string]vegeta.Metrics{}
	for _, r := range rows {
		results[r.name] = measureMetrics(r, server.Process.Pid, o.conns, o.duration, baseRate)
	}
	mix := measureMetrics(row{"mixed load (all of the above)", mixed}, server.Process.Pid, o.conns, o.mixed, baseRate)
	rss := peakRSS(server.Process.Pid)
	fmt.Printf("\nTargets (%s, %d products):\n", driver, o.products)
	for _, name := range []string{"catalog /products", "catalog /products, uncached (session)"} {
		m := results[name]
		verdict(fmt.Sprintf("%s ≥ 0.15× baseline with p99 ≤ 50ms: %.3f×, p99 %s", name, m.Throughput/baseRate, round(m.Latencies.P99)),
			m.Throughput/baseRate >= 0.15 && m.Latencies.P99 <= 50*time.Millisecond)
	}
	for _, name := range []string{"search /products?q=perak", "search /products?q=perak, uncached"} {
		m := results[name]
		verdict(fmt.Sprintf("%s p95 ≤ 30ms: %s", name, round(m.Latencies.P95)), m.Latencies.P95 <= 30*time.Millisecond)
	}
	plain, counted := results["product page"], results["product page, view counted (a browser)"]
	verdict(fmt.Sprintf("counting product views costs ≤ 5%% of the product page's throughput: %.0f req/s counted, %.0f not (%.1f%%)",
		counted.Throughput, plain.Throughput, 100*(1-counted.Throughput/plain.Throughput)), counted.Throughput >= 0.95*plain.Throughput)
	verdict(fmt.Sprintf("server peak RSS under the mixed load ≤ 120 MB: %s (p99 %s)", formatKB(rss), round(mix.Latencies.P99)),
		rss > 0 && rss <= 120*1024)
	return nil
}

func verdict(what string, ok bool) {
	mark := "met"
	if !ok {
		mark = "MISSED"
	}
	fmt.Printf("- %s — %s\n", what, mark)
}

// measure loads one target, warming it first, and prints its row with the
// peak RSS of pid while it ran; it returns the rate.
func measure(name string, target vegeta.Targeter, pid, conns int, d time.Duration, baseRate float64) float64 {
	return measureMetrics(row{name, target}, pid, conns, d, baseRate).Throughput
}

func measureMetrics(r row, pid, conns int, d time.Duration, baseRate float64) vegeta.Metrics {
	attack(r.target, conns, time.Second) // warm caches and connections
	resetPeakRSS(pid)
	m := attack(r.target, conns, d)
	if baseRate == 0 {
		baseRate = m.Throughput
	}
	fmt.Printf("| %s | %.0f | %s | %s | %s | %.3f | %.2f%% | %s |\n", r.name, m.Throughput,
		round(m.Latencies.P50), round(m.Latencies.P95), round(m.Latencies.P99), m.Throughput/baseRate,
		100*(1-m.Success), formatKB(peakRSS(pid)))
	if len(m.Errors) > 0 {
		fmt.Fprintf(os.Stderr, "  %s: %s\n", r.name, strings.Join(m.Errors[:min(3, len(m.Errors))], "; "))
	}
	return m
}

// weighted is a target and its share of the mixed load.
type weighted struct {
	target vegeta.Targeter
	weight int
}

// blend interleaves targets in proportion to their weights, in a fixed
// round so every run sends the same mix.
func blend(ts []weighted) vegeta.Targeter {
	var round []vegeta.Targeter
	for i := 0; ; i++ {
		more := false
		for _, t := range ts {
			if i < t.weight {
				round, more = append(round, t.target), true
			}
		}
		if !more {
			break
		}
	}
	var n atomic.Int64
	return func(t *vegeta.Target) error {
		return round[int(n.Add(1))%len(round)](t)
	}
}

// attack sends requests as fast as conns connections allow for d.
func attack(target vegeta.Targeter, conns int, d time.Duration) vegeta.Metrics {
	a := vegeta.NewAttacker(vegeta.Workers(uint64(conns)), vegeta.MaxWorkers(uint64(conns)),
		vegeta.Connections(conns), vegeta.KeepAlive(true))
	var m vegeta.Metrics
	for res := range a.Attack(target, vegeta.Rate{Freq: 0}, d, "bench") {
		m.Add(res)
	}
	m.Close()
	return m
}

func getTarget(url, cookie string) vegeta.Targeter {
	return vegeta.NewStaticTargeter(vegeta.Target{Method: "GET", URL: url,
		Header: http.Header{"Accept-Encoding": {"gzip"}, "Cookie": {cookie}}})
}

// browserTarget gets a page as a person's browser does: with a browser's
// User-Agent, so a product page view is counted (vegeta's own is a
// program's, which Kriya does not count).
func browserTarget(url string) vegeta.Targeter {
	return vegeta.NewStaticTargeter(vegeta.Target{Method: "GET", URL: url,
		Header: http.Header{"Accept-Encoding": {"gzip"}, "User-Agent": {"Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126 Mobile Safari/537.36"}}})
}

// orderTarget places one-piece orders for pickup, spread over many SKUs so
// that buyers rarely wait for the same row: uncontended placement.
func orderTarget(url string, codes []string) vegeta.Targeter {
	var n atomic.Int64
	return func(t *vegeta.Target) error {
		i := n.Add(1)
		t.Method, t.URL = "POST", url
		t.Header = http.Header{"Content-Type": {"application/json"}}
		t.Body = fmt.Appendf(nil, `{"email":"bench%d@example.id","name":"Bench","phone":"081234567890","pickup":true,`+
			`"address":{"country":"ID"},"items":[{"sku":%q,"quantity":1}],"payment_method":"manual"}`, i, codes[int(i)%len(codes)])
		return nil
	}
}

// stockUp gives the SKUs of the newest page of products a large stock,
// through the API signed in as their artisans, so the order benchmark
// never runs out; it returns their codes.
func stockUp(base string) ([]string, error) {
	res, err := http.Get(base + "/api/v1/products?per_page=100")
	if err != nil {
		return nil, err
	}
	var list struct {
		Items []struct {
			Artisan struct{ Slug string }  `json:"artisan"`
			SKUs    []struct{ SKU string } `json:"skus"`
		} `json:"items"`
	}
	err = json.NewDecoder(res.Body).Decode(&list)
	res.Body.Close()
	if err != nil {
		return nil, err
	}
	tokens := map[string]string{}
	var codes []string
	for _, p := range list.Items {
		token, ok := tokens[p.Artisan.Slug]
		if !ok {
			if token, err = apiToken(base, p.Artisan.Slug+"@kriya.test"); err != nil {
				return nil, err
			}
			tokens[p.Artisan.Slug] = token
		}
		for _, k := range p.SKUs {
			req, _ := http.NewRequest("PATCH", base+"/api/v1/artisan/skus/"+k.SKU, strings.NewReader(`{"stock":100000}`))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/json")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				return nil, err
			}
			res.Body.Close()
			if res.StatusCode == 200 {
				codes = append(codes, k.SKU)
			}
		}
	}
	if len(codes) == 0 {
		return nil, fmt.Errorf("no SKU could be stocked up")
	}
	return codes, nil
}

// signIn signs in through the login form, as a person would, and returns
// the session cookie to send.
func signIn(base, email string) (string, error) {
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.PostForm(base+"/login", url.Values{"email": {email}, "password": {"denpasar-kriya-demo"}})
	if err != nil {
		return "", err
	}
	res.Body.Close()
	var cookies []string
	for _, c := range res.Cookies() {
		cookies = append(cookies, c.Name+"="+c.Value)
	}
	if res.StatusCode != http.StatusSeeOther || len(cookies) == 0 {
		return "", fmt.Errorf("sign in as %s: %d", email, res.StatusCode)
	}
	return strings.Join(cookies, "; "), nil
}

// productCount is how many products buyers can see.
func productCount(base string) (int, error) {
	res, err := http.Get(base + "/api/v1/products?per_page=1")
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	var list struct{ Total int }
	err = json.NewDecoder(res.Body).Decode(&list)
	return list.Total, err
}

func apiToken(base, email string) (string, error) {
	res, err := http.Post(base+"/api/v1/tokens", "application/json",
		strings.NewReader(fmt.Sprintf(`{"email":%q,"password":"denpasar-kriya-demo"}`, email)))
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	var t struct{ Token string }
	if err := json.NewDecoder(res.Body).Decode(&t); err != nil || t.Token == "" {
		return "", fmt.Errorf("sign in as %s: %d", email, res.StatusCode)
	}
	return t.Token, nil
}

func serveTrivial(addr string) error {
	return http.ListenAndServe(addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok\n")
	}))
}

func command(name string, args ...string) *exec.Cmd {
	c := exec.Command(name, args...)
	c.Stdout, c.Stderr = os.Stdout, os.Stderr
	return c
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func waitFor(url string) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if res, err := http.Get(url); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("%s did not answer in 30s", url)
}

// someProduct picks a product with several SKUs, as the heaviest page.
func someProduct(base string) (string, error) {
	res, err := http.Get(base + "/api/v1/products?q=cincin")
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	var list struct {
		Items []struct{ Slug string } `json:"items"`
	}
	if err := json.NewDecoder(res.Body).Decode(&list); err != nil || len(list.Items) == 0 {
		return "", fmt.Errorf("no product to load: %v", err)
	}
	return list.Items[0].Slug, nil
}

// freshMySQL recreates the kriya_bench database and returns its DSN.
func freshMySQL(dsn string) (string, error) {
	cfg, err := mysqldriver.ParseDSN(dsn)
	if err != nil {
		return "", fmt.Errorf("-dsn: %w", err)
	}
	cfg.DBName = ""
	db, err := sql.Open("mysql", cfg.FormatDSN())
	if err != nil {
		return "", err
	}
	defer db.Close()
	for _, q := range []string{"DROP DATABASE IF EXISTS kriya_bench", "CREATE DATABASE kriya_bench CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"} {
		if _, err := db.ExecContext(context.Background(), q); err != nil {
			return "", err
		}
	}
	cfg.DBName = "kriya_bench"
	return cfg.FormatDSN(), nil
}

// peakRSS reads the kernel's high-water mark of the process's memory, in
// kB, or 0 when it cannot.
func peakRSS(pid int) int {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return kb
		}
	}
	return 0
}

// resetPeakRSS starts the process's high-water mark afresh (Linux 4.0+),
// so each row reports its own peak; where it cannot, peaks accumulate.
func resetPeakRSS(pid int) {
	os.WriteFile("/proc/"+strconv.Itoa(pid)+"/clear_refs", []byte("5"), 0)
}

func formatKB(kb int) string {
	if kb == 0 {
		return "unknown"
	}
	return fmt.Sprintf("%.1f MB", float64(kb)/1024)
}

func round(d time.Duration) string { return d.Round(10 * time.Microsecond).String() }
