package internal_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// domainPackages hold Kriya's types and rules. They must stay pure, so that
// a rule can be read, tested and reused without a web server, a database or
// a file format behind it.
var domainPackages = []string{
	"kriya/internal/catalog",
	"kriya/internal/order",
	"kriya/internal/payment",
	"kriya/internal/ledger",
	"kriya/internal/sales",
	"kriya/internal/exhibition",
	"kriya/internal/monev",
	"kriya/internal/artisan",
	"kriya/internal/account",
	"kriya/internal/council",
}

// forbidden are the imports that belong to the outer layers, with where
// that work goes instead.
var forbidden = map[string]string{
	"github.com/gin-gonic/gin":    "HTTP handling belongs in web",
	"net/http":                    "HTTP handling belongs in web",
	"gorm.io/gorm":                "SQL belongs in store",
	"kriya/internal/mail":         "sending mail belongs outside the domain, behind the outbox",
	"github.com/xuri/excelize/v2": "file formats belong in report",
	"html/template":               "rendering belongs in web, templates and report/chart",
}

// TestDomainPurity fails when a domain package depends, directly or through
// another package, on an outer layer; the message names the import chain.
func TestDomainPurity(t *testing.T) {
	graph := importGraph(t, domainPackages)
	for _, pkg := range domainPackages {
		t.Run(strings.TrimPrefix(pkg, "kriya/internal/"), func(t *testing.T) {
			deps := reachable(graph, pkg)
			for _, dep := range slices.Sorted(maps.Keys(forbidden)) {
				if chain, ok := deps[dep]; ok {
					t.Errorf("%s depends on %s (%s): %s", pkg, dep, strings.Join(chain, " → "), forbidden[dep])
				}
			}
		})
	}
}

// importGraph is every package the given packages depend on, with its
// direct imports, as the go command sees the module (test files aside).
func importGraph(t *testing.T, pkgs []string) map[string][]string {
	t.Helper()
	root := moduleRoot(t)
	cmd := exec.Command("go", append([]string{"list", "-deps", "-json=ImportPath,Imports"}, pkgs...)...)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			t.Fatalf("go list: %v\n%s", err, exit.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	graph := map[string][]string{}
	d := json.NewDecoder(bytes.NewReader(out))
	for {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := d.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		graph[p.ImportPath] = p.Imports
	}
	return graph
}

// moduleRoot is the directory of go.mod, where go list resolves the
// module's import paths whatever directory the test runs in.
func moduleRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == "/dev/null" {
		t.Fatal("go env GOMOD: not inside the module")
	}
	return filepath.Dir(gomod)
}

// reachable maps each package that from depends on to the shortest import
// chain that leads there, so a failure says which import to remove.
func reachable(graph map[string][]string, from string) map[string][]string {
	chains := map[string][]string{from: {from}}
	queue := []string{from}
	for len(queue) > 0 {
		pkg := queue[0]
		queue = queue[1:]
		for _, dep := range graph[pkg] {
			if _, seen := chains[dep]; seen {
				continue
			}
			chains[dep] = append(append([]string(nil), chains[pkg]...), dep)
			queue = append(queue, dep)
		}
	}
	delete(chains, from)
	return chains
}
