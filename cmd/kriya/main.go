// Command kriya is the whole marketplace in one binary: the web server,
// migrations, demo data and the operators' tools. Run "kriya -h".
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"kriya/internal/config"
	"kriya/internal/demo"
	"kriya/internal/media"
	"kriya/internal/store"
	"kriya/internal/web"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

const usage = `kriya — the online market of the artisans of a regional crafts council

Usage: kriya COMMAND [flags]

Commands:
  demo        serve the embedded database filled with demo data
  serve       serve the configured database (applies pending migrations first)
  migrate     apply pending migrations and exit
  seed demo   load the demo data set (does nothing if data exists)

Every command reads the same KRIYA_* environment variables (see README.md).
Run "kriya COMMAND -h" for a command's flags.
`

// run is main without the process: arguments, environment and output are
// passed in, so tests can run commands as a user would.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	commands := map[string]func(context.Context, []string, func(string) string, io.Writer, io.Writer) error{
		"demo":    cmdDemo,
		"serve":   cmdServe,
		"migrate": cmdMigrate,
		"seed":    cmdSeed,
	}
	name, rest := args[0], args[1:]
	if name == "-h" || name == "--help" || name == "help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	cmd, ok := commands[name]
	if !ok {
		fmt.Fprintf(stderr, "kriya: unknown command %q\n\n%s", name, usage)
		return 2
	}
	err := cmd(ctx, rest, getenv, stdout, stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)):
		fmt.Fprintln(stderr, "kriya:", err)
		return 2
	case err != nil:
		fmt.Fprintln(stderr, "kriya:", err)
		return 1
	}
	return 0
}

// usageError is a mistake in the command line rather than a failure.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// flags starts a command's flag set, printing its help to stdout on -h.
func flags(name, summary string, stdout, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fs.SetOutput(stdout)
		fmt.Fprintf(stdout, "Usage: kriya %s\n\n%s\n", name, summary)
		fs.PrintDefaults()
	}
	return fs
}

// app is what every command works with: configuration, log, database and
// file storage, opened once.
type app struct {
	cfg   config.Config
	log   *slog.Logger
	store *store.Store
	files *media.Disk
}

func open(ctx context.Context, getenv func(string) string, stderr io.Writer) (*app, error) {
	cfg, err := config.Load(getenv)
	if err != nil {
		return nil, err
	}
	log := slog.New(slog.NewTextHandler(stderr, nil))
	st, err := store.Open(ctx, store.Options{Driver: cfg.DBDriver, DSN: cfg.DBDSN, Log: log})
	if err != nil {
		return nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		return nil, err
	}
	files, err := media.NewDisk(cfg.DataDir + "/media")
	if err != nil {
		st.Close()
		return nil, err
	}
	return &app{cfg: cfg, log: log, store: st, files: files}, nil
}

func cmdMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flags("migrate", "Apply every pending database migration, then exit.", stdout, stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := open(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer a.store.Close()
	fmt.Fprintln(stdout, "database is up to date")
	return nil
}

func cmdSeed(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flags("seed demo", "Load the demo marketplace: artisans, products and their photos.\nDoes nothing when the database already has a catalog.", stdout, stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || fs.Arg(0) != "demo" {
		return usageError{`seed: say what to seed: "kriya seed demo"`}
	}
	a, err := open(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer a.store.Close()
	if err := demo.Seed(ctx, a.store, a.files, time.Now()); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "demo data loaded")
	return nil
}

func cmdServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flags("serve", "Serve the marketplace on KRIYA_ADDR with the configured database.", stdout, stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := open(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer a.store.Close()
	return a.serve(ctx, stdout)
}

func cmdDemo(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flags("demo", "Serve a demo marketplace from the embedded database (data/kriya.db),\nloading the demo data first if the database is empty.", stdout, stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	a, err := open(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer a.store.Close()
	fmt.Fprintln(stdout, "loading demo data (first run only)…")
	if err := demo.Seed(ctx, a.store, a.files, time.Now()); err != nil {
		return err
	}
	return a.serve(ctx, stdout)
}

// serve listens first, so the printed URL already answers.
func (a *app) serve(ctx context.Context, stdout io.Writer) error {
	srv, err := web.New(a.cfg, a.store, a.files, a.log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Kriya is serving on %s (Ctrl+C to stop)\n", a.cfg.BaseURL)
	return srv.ListenAndServe(ctx, ln)
}
