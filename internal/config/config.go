// Package config reads Kriya's settings from KRIYA_* environment variables
// once, at start, and validates them, so the rest of the program receives a
// typed Config and never reads the environment itself.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"

	"kriya/internal/council"
	"kriya/internal/order"
)

// Config is every setting Kriya takes from its environment.
type Config struct {
	Addr                string // listen address
	DBDriver            string // "sqlite" or "mysql"
	DBDSN               string
	BaseURL             string // public URL, used for canonical links and cookies
	DataDir             string // uploads and generated images
	StripeSecretKey     string
	StripeWebhookSecret string
	StripeAPIBase       string // stripe-mock in tests
	SMTPURL             string
	MailFrom            string // the From of every e-mail
	// TrustedProxies are the addresses (IPs or CIDRs) of reverse proxies
	// whose X-Forwarded-For names the real client, for per-client limits.
	TrustedProxies []string
	// ListingReview holds new listings and changes of title, price or
	// photos for staff approval (KRIYA_LISTING_REVIEW, default on).
	ListingReview bool
	// BankAccount is the first account buyers send bank transfers to
	// (KRIYA_BANK_ACCOUNT). It is a first-run default: it goes into the
	// council's settings when they are first created, and from then on
	// admins change the accounts on the settings page (council.Council).
	// It has no default: a made-up account would send buyers' money
	// nowhere, so bank transfer is offered only once an account is set.
	BankAccount string
	// CommissionBP is the council's first commission on artisans' sales,
	// in basis points (KRIYA_COMMISSION_PERCENT, e.g. "2.5" → 250; default
	// 0): a first-run default, like BankAccount.
	CommissionBP int
	// OrderLimits bound what unpaid orders may hold, per order, e-mail and
	// client address (KRIYA_ORDER_UNITS_PER_SKU, KRIYA_ORDER_HELD_PER_EMAIL,
	// KRIYA_ORDER_HELD_PER_CLIENT, KRIYA_ORDERS_PER_EMAIL_HOUR,
	// KRIYA_ORDERS_PER_CLIENT_HOUR; defaults order.DefaultLimits).
	OrderLimits order.Limits
}

// FirstRun is the council's settings as the marketplace's first start
// writes them: with the environment's bank account and commission.
func (c Config) FirstRun() council.Council { return council.FirstRun(c.BankAccount, c.CommissionBP) }

// CardPayments reports whether buyers can pay by card: Stripe is
// configured with its secret key and webhook secret.
func (c Config) CardPayments() bool {
	return c.StripeSecretKey != "" && c.StripeWebhookSecret != ""
}

// Load reads the configuration through getenv (os.Getenv in production, a
// map in tests). Secrets may also come from a file named by the variable
// with a _FILE suffix, as container secrets are mounted.
func Load(getenv func(string) string) (Config, error) {
	var errs []error
	get := func(name, fallback string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return fallback
	}
	secret := func(name string) string {
		if v := getenv(name); v != "" {
			return v
		}
		path := getenv(name + "_FILE")
		if path == "" {
			return ""
		}
		b, err := os.ReadFile(path)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s_FILE: %w", name, err))
		}
		return strings.TrimSpace(string(b))
	}
	c := Config{
		Addr:                get("KRIYA_ADDR", "127.0.0.1:8080"),
		DBDriver:            get("KRIYA_DB_DRIVER", "sqlite"),
		DBDSN:               secret("KRIYA_DB_DSN"),
		BaseURL:             strings.TrimRight(get("KRIYA_BASE_URL", ""), "/"),
		DataDir:             get("KRIYA_DATA_DIR", "data"),
		StripeSecretKey:     secret("KRIYA_STRIPE_SECRET_KEY"),
		StripeWebhookSecret: secret("KRIYA_STRIPE_WEBHOOK_SECRET"),
		StripeAPIBase:       get("KRIYA_STRIPE_API_BASE", ""),
		SMTPURL:             secret("KRIYA_SMTP_URL"),
		MailFrom:            get("KRIYA_MAIL_FROM", ""),
		BankAccount:         get("KRIYA_BANK_ACCOUNT", ""),
	}
	if v := getenv("KRIYA_COMMISSION_PERCENT"); v != "" {
		bp, ok := council.ParsePercent(v)
		if !ok {
			errs = append(errs, fmt.Errorf("KRIYA_COMMISSION_PERCENT must be a percentage from 0 to 100 with at most two decimals, not %q", v))
		}
		c.CommissionBP = bp
	}
	c.OrderLimits = order.DefaultLimits
	for name, limit := range map[string]*int{
		"KRIYA_ORDER_UNITS_PER_SKU":    &c.OrderLimits.UnitsPerSKU,
		"KRIYA_ORDER_HELD_PER_EMAIL":   &c.OrderLimits.HeldPerEmail,
		"KRIYA_ORDER_HELD_PER_CLIENT":  &c.OrderLimits.HeldPerClient,
		"KRIYA_ORDERS_PER_EMAIL_HOUR":  &c.OrderLimits.OrdersPerEmailHour,
		"KRIYA_ORDERS_PER_CLIENT_HOUR": &c.OrderLimits.OrdersPerClientHour,
	} {
		if v := getenv(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				errs = append(errs, fmt.Errorf("%s must be a whole number above 0, not %q", name, v))
			}
			*limit = n
		}
	}
	switch v := strings.ToLower(getenv("KRIYA_LISTING_REVIEW")); v {
	case "", "1", "true", "on", "yes":
		c.ListingReview = true
	case "0", "false", "off", "no":
	default:
		errs = append(errs, fmt.Errorf("KRIYA_LISTING_REVIEW must be on or off, not %q", v))
	}
	for _, p := range strings.Split(getenv("KRIYA_TRUSTED_PROXIES"), ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if _, _, err := net.ParseCIDR(p); err != nil && net.ParseIP(p) == nil {
			errs = append(errs, fmt.Errorf("KRIYA_TRUSTED_PROXIES: %q is not an IP address or CIDR", p))
		}
		c.TrustedProxies = append(c.TrustedProxies, p)
	}
	switch c.DBDriver {
	case "sqlite":
		if c.DBDSN == "" {
			c.DBDSN = "data/kriya.db"
		}
	case "mysql":
		if c.DBDSN == "" {
			errs = append(errs, errors.New("KRIYA_DB_DSN is required when KRIYA_DB_DRIVER=mysql"))
		}
	default:
		errs = append(errs, fmt.Errorf("KRIYA_DB_DRIVER must be sqlite or mysql, not %q", c.DBDriver))
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("KRIYA_BASE_URL must be an http(s) URL, not %q", c.BaseURL))
	} else if c.MailFrom == "" {
		c.MailFrom = "Kriya <no-reply@" + u.Hostname() + ">"
	}
	return c, errors.Join(errs...)
}

// SecureCookies reports whether cookies must be marked Secure: whenever the
// site is reached over https.
func (c Config) SecureCookies() bool { return strings.HasPrefix(c.BaseURL, "https://") }
