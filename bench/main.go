// Command bench measures the storefront under load and reports each page
// as a ratio to a trivial handler measured in the same run, on the same
// machine, so the figures mean something on any hardware.
//
//	go run ./bench                       # embedded SQLite
//	go run ./bench -db mysql -dsn 'root@tcp(127.0.0.1:3306)/'
//
// It builds the kriya binary, loads the demo data into a fresh database,
// starts `kriya serve` and a trivial HTTP server as separate processes, and
// drives each with the same number of concurrent connections.
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

func run() error {
	db := flag.String("db", "sqlite", "database to serve from: sqlite or mysql")
	dsn := flag.String("dsn", os.Getenv("KRIYA_TEST_MYSQL_DSN"), "MySQL server DSN (a database kriya_bench is created on it)")
	duration := flag.Duration("duration", 10*time.Second, "how long to load each URL")
	conns := flag.Int("c", 32, "concurrent connections")
	trivial := flag.String("trivial", "", "internal: serve the trivial handler on this address")
	salesLines := flag.Int("sales", 0, "instead of the page load, time the year dashboard over this many order lines of history")
	flag.Parse()
	if *trivial != "" {
		return serveTrivial(*trivial)
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

	if *salesLines > 0 {
		driver, path := "sqlite", filepath.Join(dir, "kriya.db")
		if *db == "mysql" {
			if path, err = freshMySQL(*dsn); err != nil {
				return err
			}
			driver = "mysql"
		}
		return salesBench(bin, dir, driver, path, *salesLines, 21)
	}

	addr, err := freeAddr()
	if err != nil {
		return err
	}
	env := append(os.Environ(), "KRIYA_ADDR="+addr, "KRIYA_DATA_DIR="+filepath.Join(dir, "data"), "KRIYA_BASE_URL=")
	switch *db {
	case "sqlite":
		env = append(env, "KRIYA_DB_DRIVER=sqlite", "KRIYA_DB_DSN="+filepath.Join(dir, "kriya.db"))
	case "mysql":
		benchDSN, err := freshMySQL(*dsn)
		if err != nil {
			return err
		}
		env = append(env, "KRIYA_DB_DRIVER=mysql", "KRIYA_DB_DSN="+benchDSN)
	default:
		return fmt.Errorf("-db must be sqlite or mysql")
	}

	fmt.Println("loading demo data…")
	seed := command(bin, "seed", "demo")
	seed.Env = env
	if err := seed.Run(); err != nil {
		return fmt.Errorf("seed: %w", err)
	}

	server := exec.Command(bin, "serve")
	server.Env = env
	if err := server.Start(); err != nil {
		return err
	}
	defer server.Process.Kill()
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
	defer baseline.Process.Kill()
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

	// A visitor with a session cookie is never served from the page cache:
	// those rows measure the full work of a page.
	session := "session=bench"
	targets := []struct{ name, url, cookie string }{
		{"trivial handler (baseline)", "http://" + trivialAddr + "/", ""},
		{"catalog /products", base + "/products", ""},
		{"catalog /products, uncached (session)", base + "/products", session},
		{"catalog page 3 by price, uncached", base + "/products?sort=price_asc&page=3", session},
		{"search /products?q=perak", base + "/products?q=perak", ""},
		{"search /products?q=perak, uncached", base + "/products?q=perak", session},
		{"product page", base + "/products/" + slug, ""},
		{"product page, uncached", base + "/products/" + slug, session},
		{"API /api/v1/products", base + "/api/v1/products", ""},
		{"order placement POST /api/v1/orders", base + "/api/v1/orders", ""},
	}
	fmt.Printf("\n%s, %d connections, %s per URL, %s\n\n", *db, *conns, *duration, time.Now().UTC().Format(time.RFC3339))
	fmt.Println("| URL | req/s | p50 | p99 | × baseline | errors |")
	fmt.Println("|---|---:|---:|---:|---:|---:|")
	var baseRate float64
	for i, t := range targets {
		target := getTarget(t.url, t.cookie)
		if strings.HasSuffix(t.url, "/api/v1/orders") {
			target = orderTarget(t.url, codes)
		}
		attack(target, *conns, time.Second) // warm caches and connections
		m := attack(target, *conns, *duration)
		if i == 0 {
			baseRate = m.Throughput
		}
		fmt.Printf("| %s | %.0f | %s | %s | %.3f | %.2f%% |\n", t.name, m.Throughput,
			round(m.Latencies.P50), round(m.Latencies.P99), m.Throughput/baseRate, 100*(1-m.Success))
	}
	fmt.Printf("\nserver peak RSS: %s\n", peakRSS(server.Process.Pid))
	return nil
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

// stockUp signs in as the demo's artisans through the API and gives every
// SKU they sell a large stock, so the order benchmark never runs out; it
// returns the SKU codes.
func stockUp(base string) ([]string, error) {
	res, err := http.Get(base + "/api/v1/artisans")
	if err != nil {
		return nil, err
	}
	var artisans struct {
		Items []struct{ Slug string } `json:"items"`
	}
	err = json.NewDecoder(res.Body).Decode(&artisans)
	res.Body.Close()
	if err != nil {
		return nil, err
	}
	var codes []string
	for _, a := range artisans.Items {
		token, err := apiToken(base, a.Slug+"@kriya.test")
		if err != nil {
			return nil, err
		}
		req, _ := http.NewRequest("GET", base+"/api/v1/artisan/products", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, err
		}
		var list struct {
			Items []struct {
				Status string
				SKUs   []struct{ SKU string } `json:"skus"`
			} `json:"items"`
		}
		err = json.NewDecoder(res.Body).Decode(&list)
		res.Body.Close()
		if err != nil {
			return nil, err
		}
		for _, p := range list.Items {
			if p.Status != "active" {
				continue
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
	}
	if len(codes) == 0 {
		return nil, fmt.Errorf("no SKU could be stocked up")
	}
	return codes, nil
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

// peakRSS reads the kernel's high-water mark of the process's memory.
func peakRSS(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:"))
		}
	}
	return "unknown"
}

func round(d time.Duration) string { return d.Round(10 * time.Microsecond).String() }
