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
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"

	"kriya/internal/account"
	"kriya/internal/app"
	"kriya/internal/catalog"
	"kriya/internal/config"
	"kriya/internal/demo"
	"kriya/internal/i18n"
	"kriya/internal/mail"
	"kriya/internal/media"
	"kriya/internal/payment"
	"kriya/internal/store"
	"kriya/internal/stripe"
	"kriya/internal/web"
	"kriya/internal/web/api"
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
  seed orders N
              add N paid orders over the last 24 months (dashboards, benchmarks)
  seed products N
              add N listings by the demo's artisans (benchmarks, the catalog at scale)
  user add    create a user: --email E --password P --role buyer|artisan|staff|admin [--artisan SLUG]
  payments reconcile --from DATE [--to DATE]
              compare the card payments, refunds and disputes recorded with Stripe's
              charges, order by order, and print every mismatch
  import products FILE --artisan SLUG
              import listings from a CSV file for an artisan (see the workspace's template)

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
		"demo":     cmdDemo,
		"serve":    cmdServe,
		"migrate":  cmdMigrate,
		"seed":     cmdSeed,
		"user":     cmdUser,
		"import":   cmdImport,
		"payments": cmdPayments,
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

// instance is what every command works with: configuration, log, database and
// file storage, opened once.
type instance struct {
	cfg     config.Config
	log     *slog.Logger
	store   *store.Store
	files   *media.Disk // public photos, served under /media
	private *media.Disk // permit documents, served only through checks
}

// withApp opens the instance, runs do and closes it.
func withApp(ctx context.Context, getenv func(string) string, stderr io.Writer, do func(*instance) error) error {
	a, err := open(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer a.store.Close()
	return do(a)
}

func open(ctx context.Context, getenv func(string) string, stderr io.Writer) (*instance, error) {
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
	private, err := media.NewDisk(cfg.DataDir + "/private")
	if err != nil {
		st.Close()
		return nil, err
	}
	return &instance{cfg: cfg, log: log, store: st, files: files, private: private}, nil
}

func cmdMigrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flags("migrate", "Apply every pending database migration, then exit.", stdout, stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	return withApp(ctx, getenv, stderr, func(a *instance) error {
		fmt.Fprintln(stdout, "database is up to date")
		return nil
	})
}

func cmdSeed(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flags("seed demo | seed orders N | seed products N", "seed demo: load the demo marketplace (artisans, products, photos, logins);\n  does nothing when the database already has a catalog.\nseed orders N: add N paid orders spread over the last 24 months across the\n  demo's products, for dashboards and benchmarks.\nseed products N: add N active listings with SKUs and stock by the demo's\n  artisans, searchable like any other, for benchmarks at catalog scale.", stdout, stderr)
	if slices.Contains(args, "-h") || slices.Contains(args, "--help") { // also after "seed products"
		fs.Usage()
		return flag.ErrHelp
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	switch {
	case fs.NArg() == 1 && fs.Arg(0) == "demo":
		return withApp(ctx, getenv, stderr, func(a *instance) error {
			if err := demo.Seed(ctx, a.store, a.files, time.Now(), a.cfg.FirstRun()); err != nil {
				return err
			}
			fmt.Fprintln(stdout, "demo data loaded")
			return nil
		})
	case fs.NArg() == 2 && fs.Arg(0) == "orders":
		n, err := strconv.Atoi(fs.Arg(1))
		if err != nil || n < 1 {
			return usageError{"seed orders: N must be a positive number"}
		}
		return withApp(ctx, getenv, stderr, func(a *instance) error {
			bar := progressbar.NewOptions(n, progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription("orders"),
				progressbar.OptionShowCount(), progressbar.OptionThrottle(200*time.Millisecond))
			if err := demo.SeedOrders(ctx, a.store, n, time.Now(), func(k int) { bar.Add(k) }); err != nil {
				return err
			}
			bar.Finish()
			fmt.Fprintln(stderr)
			start := time.Now()
			if err := a.store.RefreshSales(ctx); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%d orders added; sales rollups built in %s\n", n, time.Since(start).Round(time.Millisecond))
			return nil
		})
	case fs.NArg() == 2 && fs.Arg(0) == "products":
		n, err := strconv.Atoi(fs.Arg(1))
		if err != nil || n < 1 {
			return usageError{"seed products: N must be a positive number"}
		}
		return withApp(ctx, getenv, stderr, func(a *instance) error {
			bar := progressbar.NewOptions(n, progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription("products"),
				progressbar.OptionShowCount(), progressbar.OptionThrottle(200*time.Millisecond))
			start := time.Now()
			if err := demo.SeedProducts(ctx, a.store, n, time.Now(), func(k int) { bar.Add(k) }); err != nil {
				return err
			}
			bar.Finish()
			fmt.Fprintln(stderr)
			fmt.Fprintf(stdout, "%d products added in %s\n", n, time.Since(start).Round(time.Millisecond))
			return nil
		})
	}
	return usageError{`seed: say what to seed: "kriya seed demo", "kriya seed orders N" or "kriya seed products N"`}
}

func cmdServe(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flags("serve", "Serve the marketplace on KRIYA_ADDR with the configured database.", stdout, stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	return withApp(ctx, getenv, stderr, func(a *instance) error { return a.serve(ctx, stdout) })
}

func cmdDemo(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flags("demo", "Serve a demo marketplace from the embedded database (data/kriya.db),\nloading the demo data first if the database is empty.", stdout, stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	return withApp(ctx, getenv, stderr, func(a *instance) error { return a.demo(ctx, stdout) })
}

func (a *instance) demo(ctx context.Context, stdout io.Writer) error {
	if a.cfg.BankAccount == "" {
		// The demo sells by bank transfer out of the box, to an account
		// that says it is not one.
		a.cfg.BankAccount = demo.BankAccount
	}
	fmt.Fprintln(stdout, "loading demo data (first run only)…")
	if err := demo.Seed(ctx, a.store, a.files, time.Now(), a.cfg.FirstRun()); err != nil {
		return err
	}
	artisans, err := a.store.Artisans(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nDemo logins, all with the password %s\n", demo.Password)
	for _, l := range demo.Logins(artisans) {
		fmt.Fprintf(stdout, "  %-42s %-8s %s\n", l.Email, l.Role, l.Note)
	}
	fmt.Fprintln(stdout)
	return a.serve(ctx, stdout)
}

// serve listens first, so the printed URL already answers, and runs the
// background work beside the server: sending e-mail, removing old
// sessions, expiring unpaid orders. Every process runs them; each job is
// safe to run in several at once.
func (a *instance) serve(ctx context.Context, stdout io.Writer) error {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	card, webhooks := a.cardPayments()
	uses, err := app.New(ctx, app.Deps{Config: a.cfg, Store: a.store, Card: card, Log: a.log})
	if err != nil {
		return err
	}
	jsonAPI, err := api.New(api.Deps{Config: a.cfg, App: uses, Store: a.store, Log: a.log})
	if err != nil {
		return err
	}
	srv, err := web.New(web.Deps{Config: a.cfg, App: uses, Store: a.store, Sessions: a.store.Sessions(), Files: a.files, Private: a.private,
		Log: a.log, Webhooks: webhooks, API: jsonAPI})
	if err != nil {
		return err
	}
	sender, err := mail.NewSender(a.cfg.SMTPURL, a.cfg.MailFrom, a.log)
	if err != nil {
		return err
	}
	go mail.Deliver(ctx, a.store, sender, 10*time.Second, a.log)
	go a.every(ctx, time.Hour, "delete expired sessions", a.store.Sessions().DeleteExpired)
	go a.every(ctx, time.Hour, "forget old attempts", uses.ForgetOldAttempts)
	go a.every(ctx, time.Minute, "send refunds and transfers", uses.SendMovements)
	go a.every(ctx, time.Hour, "send artisans' daily digests", uses.SendDigests)
	go a.every(ctx, time.Minute, "expire unpaid orders", func(ctx context.Context) error {
		_, err := uses.ExpireDue(ctx)
		return err
	})
	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Kriya is serving on %s (Ctrl+C to stop)\n", a.cfg.BaseURL)
	return srv.ListenAndServe(ctx, ln)
}

// memoryLimit is the server's soft limit on Go memory unless GOMEMLIMIT
// says otherwise. Without it the heap may grow to twice what is live before
// a collection, and under load a small server's memory doubles; with it the
// collector runs sooner instead. The embedded SQLite's page caches are
// outside it.
const memoryLimit = 64 << 20

// cardPayments is Stripe when it is configured, else nothing: the store
// then sells by bank transfer only.
func (a *instance) cardPayments() (payment.Card, payment.Webhooks) {
	if !a.cfg.CardPayments() {
		return nil, nil
	}
	return stripe.New(a.cfg.StripeSecretKey, a.cfg.StripeAPIBase, a.log), stripe.Webhooks{Secret: a.cfg.StripeWebhookSecret}
}

// every runs job now and then every interval until ctx ends.
func (a *instance) every(ctx context.Context, interval time.Duration, name string, job func(context.Context) error) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := job(ctx); err != nil && ctx.Err() == nil {
			a.log.Error(name, "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func cmdUser(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flags("user add", "Create a user. An artisan account is linked to an existing artisan with --artisan.", stdout, stderr)
	email := fs.String("email", "", "e-mail address (required)")
	password := fs.String("password", "", "password, at least 10 characters (required)")
	role := fs.String("role", "", "buyer, artisan, staff or admin (required)")
	name := fs.String("name", "", "display name (defaults to the part of the e-mail before @)")
	artisanSlug := fs.String("artisan", "", "slug of the artisan an artisan account manages")
	if len(args) == 0 || args[0] != "add" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			fs.Usage()
			return flag.ErrHelp
		}
		return usageError{`user: say what to do: "kriya user add --email … --password … --role …"`}
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	switch {
	case *email == "" || *password == "" || *role == "":
		return usageError{"user add: --email, --password and --role are required"}
	case !account.ValidRole(*role):
		return usageError{"user add: --role must be buyer, artisan, staff or admin"}
	case (*role == account.RoleArtisan) != (*artisanSlug != ""):
		return usageError{"user add: --artisan is required for, and only for, --role artisan"}
	}
	if err := account.CheckPassword(*password, *email); err != nil {
		return usageError{"user add: " + err.Error()}
	}
	return withApp(ctx, getenv, stderr, func(a *instance) error {
		u := account.User{Email: *email, Name: *name, Role: *role, Lang: "id", Active: true}
		if u.Name == "" {
			u.Name, _, _ = strings.Cut(*email, "@")
		}
		if *artisanSlug != "" {
			artisan, err := a.store.ArtisanBySlug(ctx, *artisanSlug)
			if err != nil {
				return fmt.Errorf("user add: artisan %q: %w", *artisanSlug, err)
			}
			u.ArtisanID = &artisan.ID
		}
		var err error
		if u.PasswordHash, err = account.HashPassword(*password); err != nil {
			return err
		}
		if err := a.store.CreateUser(ctx, &u); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "user %s added as %s\n", u.Email, u.Role)
		return nil
	})
}

func cmdImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flags("import products FILE --artisan SLUG", "Import listings from a CSV file for an artisan. Good rows are saved (waiting for\ncuration when KRIYA_LISTING_REVIEW is on); bad rows are listed with their line and reason.", stdout, stderr)
	artisanSlug := fs.String("artisan", "", "slug of the artisan the listings belong to (required)")
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fs.Usage()
		return flag.ErrHelp
	}
	if len(args) < 2 || args[0] != "products" {
		return usageError{`import: say what to import: "kriya import products FILE --artisan SLUG"`}
	}
	path := args[1]
	if err := fs.Parse(args[2:]); err != nil {
		return err
	}
	if *artisanSlug == "" {
		return usageError{"import products: --artisan is required"}
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return withApp(ctx, getenv, stderr, func(a *instance) error {
		artisan, err := a.store.ArtisanBySlug(ctx, *artisanSlug)
		if err != nil {
			return fmt.Errorf("import: artisan %q: %w", *artisanSlug, err)
		}
		cats, err := a.store.Categories(ctx)
		if err != nil {
			return err
		}
		slugs, ids := make([]string, len(cats)), map[string]int64{}
		for i, c := range cats {
			slugs[i], ids[c.Slug] = c.Slug, c.ID
		}
		result, err := catalog.ParseImport(f, slugs)
		if err != nil {
			return err
		}
		bar := progressbar.NewOptions(len(result.Products), progressbar.OptionSetWriter(stderr),
			progressbar.OptionSetDescription("importing"), progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
		saved, err := catalog.Import(ctx, a.store, artisan.ID, ids, result.Products, a.cfg.ListingReview, false, func() { bar.Add(1) })
		bar.Finish()
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "%d listings imported for %s from %d rows\n", saved, artisan.Name, result.Rows)
		for _, e := range result.Errors {
			fmt.Fprintf(stdout, "line %d: %s\n", e.Line, e.Reason)
		}
		return nil
	})
}

func cmdPayments(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flags("payments reconcile --from DATE [--to DATE]", `Compare the card money Kriya recorded (payments, refunds, disputes) with Stripe's
charges, order by order, for every order whose card money moved from --from to --to
on either side (days in WITA, both included), and print each order where the two
differ, with what each side has in rupiah. Each side is read 3 days beyond both
ends, so a payment recorded just before midnight and charged just after is not a
mismatch. Exits 1 when any order differs.`, stdout, stderr)
	from := fs.String("from", "", "first day, YYYY-MM-DD (required)")
	fs.StringVar(from, "since", "", "the same as --from")
	to := fs.String("to", "", "last day, YYYY-MM-DD (default today)")
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
		fs.Usage()
		return flag.ErrHelp
	}
	if len(args) == 0 || args[0] != "reconcile" {
		return usageError{`payments: say what to do: "kriya payments reconcile --from 2026-11-01 --to 2026-11-30"`}
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	start, err := time.ParseInLocation(time.DateOnly, *from, i18n.WITA)
	if err != nil {
		return usageError{"payments reconcile: --from must be a date such as 2026-11-01"}
	}
	last := time.Now().In(i18n.WITA)
	if *to != "" {
		if last, err = time.ParseInLocation(time.DateOnly, *to, i18n.WITA); err != nil {
			return usageError{"payments reconcile: --to must be a date such as 2026-11-30"}
		}
	}
	end := time.Date(last.Year(), last.Month(), last.Day()+1, 0, 0, 0, 0, i18n.WITA)
	if !end.After(start) {
		return usageError{"payments reconcile: --to must not be before --from"}
	}
	return withApp(ctx, getenv, stderr, func(a *instance) error {
		card, _ := a.cardPayments()
		if card == nil {
			return errors.New("payments reconcile: Stripe is not configured (KRIYA_STRIPE_SECRET_KEY, KRIYA_STRIPE_WEBHOOK_SECRET)")
		}
		since, until := start.Add(-payment.ReconcileMargin), end.Add(payment.ReconcileMargin)
		charges, err := card.Charges(ctx, since, until)
		if err != nil {
			return err
		}
		var named []string
		for _, c := range charges {
			if c.Order != "" {
				named = append(named, c.Order)
			}
		}
		recorded, err := a.store.CardRecords(ctx, since, until, named)
		if err != nil {
			return err
		}
		r := payment.Reconcile(recorded, charges, start, end)
		for _, m := range r.Mismatches {
			fmt.Fprintln(stdout, mismatchLine(m))
		}
		fmt.Fprintf(stdout, "%d orders compared, %d mismatches\n", r.Compared, len(r.Mismatches))
		if len(r.Mismatches) > 0 {
			return errors.New("payments differ")
		}
		return nil
	})
}

// mismatchLine says what each side has of an order they disagree on, in
// rupiah: "KR-ABC: Stripe received 450000 and refunded 0, Kriya recorded
// 225000 and refunded 0".
func mismatchLine(m payment.Mismatch) string {
	name := m.Order
	if name == "" {
		name = "charge " + strings.Join(m.Charges, ", ") + " of no Kriya order"
	}
	amount := func(t payment.Totals, n int64) string {
		if t.Currency != payment.Currency {
			return fmt.Sprintf("%d %s", n, t.Currency)
		}
		return strconv.FormatInt(n, 10)
	}
	side := func(t payment.Totals, who, verb, none string) string {
		if !t.Found {
			return none
		}
		s := fmt.Sprintf("%s %s %s and refunded %s", who, verb, amount(t, t.Received), amount(t, t.Refunded))
		if t.Disputed {
			s += " (disputed)"
		}
		return s
	}
	return fmt.Sprintf("%s: %s, %s", name,
		side(m.Provider, "Stripe", "received", "Stripe has no charge"),
		side(m.Kriya, "Kriya", "recorded", "Kriya recorded nothing"))
}
