// Package stripetest runs Stripe's own mock server, stripe-mock, for tests
// that call the Stripe API. It exists because stripe-go's testing package
// exits the process when no stripe-mock is already running, and because
// tests must fail, not skip, when Stripe cannot be exercised.
package stripetest

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// startTimeout bounds how long stripe-mock may take to load its bundled
// OpenAPI spec and answer.
const startTimeout = 60 * time.Second

var build struct {
	once sync.Once
	bin  string
	err  error
}

// Start runs a fresh stripe-mock on free loopback ports for the duration
// of t and returns its HTTP base URL, for stripe.New's apiBase or
// KRIYA_STRIPE_API_BASE. stripe-mock is stateless: it answers from
// fixtures (fresh ids, metadata dropped, one unpaid session in every
// list), so tests should correlate by order number, never by Stripe id.
// It accepts only keys shaped like "sk_test_<no underscores>".
func Start(t testing.TB) string {
	t.Helper()
	bin, err := binary()
	if err != nil {
		t.Fatalf("stripetest: %v", err)
	}
	// Ports found free may be taken before stripe-mock binds them; another
	// pair usually works.
	for attempt := 1; ; attempt++ {
		url, err := run(t, bin)
		if err == nil {
			return url
		}
		if attempt == 3 {
			t.Fatalf("stripetest: %v", err)
		}
	}
}

// binary builds stripe-mock once per test binary. `go tool stripe-mock`
// would relink it on every run, costing seconds per test.
func binary() (string, error) {
	build.once.Do(func() {
		build.bin, build.err = buildMock()
	})
	return build.bin, build.err
}

func buildMock() (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	// A fixed place in the user's cache, replaced atomically by each test
	// process: a fresh temporary directory per run would leave a 30 MB
	// binary behind every time, and servers of other test processes keep
	// running the file they started even after it is replaced.
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	dir := filepath.Join(base, "kriya")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "stripe-mock")
	tmp := fmt.Sprintf("%s-%d", bin, os.Getpid())
	cmd := exec.Command("go", "build", "-o", tmp, "github.com/stripe/stripe-mock")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		_ = os.Remove(tmp)
		return "", fmt.Errorf("building stripe-mock: %w\n%s", err, out)
	}
	if err := os.Rename(tmp, bin); err != nil {
		_ = os.Remove(tmp)
		return "", err
	}
	return bin, nil
}

// moduleRoot finds the directory holding go.mod, where the stripe-mock
// version is pinned, from a test's working directory (its package).
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// run starts one stripe-mock and waits until it answers HTTP. On success
// it is killed when t ends; on failure it is already gone.
func run(t testing.TB, bin string) (string, error) {
	httpAddr, err := freeAddr()
	if err != nil {
		return "", err
	}
	httpsAddr, err := freeAddr()
	if err != nil {
		return "", err
	}
	// A file, not a buffer: exec then hands it to the child directly, and
	// reading it after a failure races with nothing.
	out, err := os.CreateTemp(t.TempDir(), "stripe-mock-*.log")
	if err != nil {
		return "", err
	}
	defer out.Close()
	cmd := exec.Command(bin, "-http-addr", httpAddr, "-https-addr", httpsAddr)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return "", fmt.Errorf("starting stripe-mock: %w", err)
	}
	// exited is closed once the process is reaped; waitErr is safe to
	// read after that.
	exited := make(chan struct{})
	var waitErr error
	go func() {
		waitErr = cmd.Wait()
		close(exited)
	}()
	stop := func() {
		_ = cmd.Process.Kill()
		<-exited
	}

	url := "http://" + httpAddr
	if err := waitReady(url, exited, &waitErr); err != nil {
		stop()
		log, _ := os.ReadFile(out.Name())
		return "", fmt.Errorf("stripe-mock on %s: %w\n%s", httpAddr, err, log)
	}
	t.Cleanup(stop)
	return url, nil
}

func waitReady(url string, exited <-chan struct{}, waitErr *error) error {
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(startTimeout)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return fmt.Errorf("exited before answering: %v", *waitErr)
		default:
		}
		// Any answer will do; without a key stripe-mock says 401.
		if resp, err := client.Get(url + "/v1/charges"); err == nil {
			resp.Body.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("no answer within %v", startTimeout)
}

// freeAddr asks the kernel for a free loopback port.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}
