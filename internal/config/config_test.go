package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kriya/internal/order"
)

func TestLoad(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:8080" || c.DBDriver != "sqlite" || c.DBDSN != "data/kriya.db" || c.DataDir != "data" ||
		c.BaseURL != "http://127.0.0.1:8080" || c.SecureCookies() {
		t.Errorf("defaults = %+v", c)
	}

	secret := filepath.Join(t.TempDir(), "dsn")
	os.WriteFile(secret, []byte("kriya:pw@tcp(db:3306)/kriya\n"), 0o600)
	c, err = Load(env(map[string]string{"KRIYA_DB_DRIVER": "mysql", "KRIYA_DB_DSN_FILE": secret, "KRIYA_BASE_URL": "https://kriya.example.id/"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.DBDSN != "kriya:pw@tcp(db:3306)/kriya" || c.BaseURL != "https://kriya.example.id" || !c.SecureCookies() {
		t.Errorf("mysql = %+v", c)
	}

	_, err = Load(env(map[string]string{"KRIYA_DB_DRIVER": "postgres", "KRIYA_BASE_URL": "ftp://x"}))
	if err == nil || !strings.Contains(err.Error(), "KRIYA_DB_DRIVER") || !strings.Contains(err.Error(), "KRIYA_BASE_URL") {
		t.Errorf("bad settings error = %v; want both problems named", err)
	}
	c, err = Load(env(map[string]string{"KRIYA_TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1"}))
	if err != nil || len(c.TrustedProxies) != 2 {
		t.Errorf("trusted proxies = %v, %v", c.TrustedProxies, err)
	}
	if _, err := Load(env(map[string]string{"KRIYA_TRUSTED_PROXIES": "proxy.local"})); err == nil {
		t.Error("a host name was accepted as a trusted proxy")
	}
	if c, err := Load(env(map[string]string{"KRIYA_ORDERS_PER_CLIENT_HOUR": "500"})); err != nil ||
		c.OrderLimits.OrdersPerClientHour != 500 || c.OrderLimits.HeldPerEmail != order.DefaultLimits.HeldPerEmail {
		t.Errorf("order limits = %+v, %v; want one set, the others default", c.OrderLimits, err)
	}
	if _, err := Load(env(map[string]string{"KRIYA_ORDER_UNITS_PER_SKU": "0"})); err == nil {
		t.Error("a limit of 0 units was accepted")
	}
	if _, err := Load(env(map[string]string{"KRIYA_DB_DRIVER": "mysql"})); err == nil {
		t.Error("mysql without a DSN was accepted")
	}
}
