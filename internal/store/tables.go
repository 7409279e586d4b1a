package store

import (
	"errors"
	"fmt"
	"reflect"

	"gorm.io/gorm"
	"gorm.io/gorm/schema"

	"kriya/internal/account"
	"kriya/internal/artisan"
	"kriya/internal/catalog"
	"kriya/internal/exhibition"
	"kriya/internal/ledger"
	"kriya/internal/notify"
	"kriya/internal/order"
	"kriya/internal/payment"
)

// tables is where every type the store reads or writes through gorm lives,
// domain types and the store's own row types alike, keyed by the type
// itself: gorm's naming strategy is handed only a type's bare name, so
// ledger.Entry and a monev.Entry would look the same to it, and gorm's own
// guess (the snake_case plural) would put a new type in whatever table its
// name happens to match. checkTable refuses a model that is not listed, and
// TestTablesAreTheMigrations holds every entry to the migrations.
var tables = map[reflect.Type]string{
	reflect.TypeFor[account.AuditEntry]():     "audit_log",
	reflect.TypeFor[account.Token]():          "tokens",
	reflect.TypeFor[account.User]():           "users",
	reflect.TypeFor[artisan.Permit]():         "permits",
	reflect.TypeFor[catalog.Artisan]():        "artisans",
	reflect.TypeFor[catalog.Category]():       "categories",
	reflect.TypeFor[catalog.Product]():        "products",
	reflect.TypeFor[catalog.ProductImage]():   "product_images",
	reflect.TypeFor[catalog.SKU]():            "skus",
	reflect.TypeFor[exhibition.Exhibition]():  "exhibitions",
	reflect.TypeFor[exhibition.Participant](): "exhibition_participants",
	reflect.TypeFor[exhibition.Receipt]():     "exhibition_sales",
	reflect.TypeFor[ledger.Entry]():           "ledger_entries",
	reflect.TypeFor[order.Event]():            "order_events",
	reflect.TypeFor[order.Fulfilment]():       "fulfilments",
	reflect.TypeFor[order.Line]():             "order_lines", // LINES is a MySQL keyword
	reflect.TypeFor[order.Order]():            "orders",
	reflect.TypeFor[order.Payment]():          "payments",
	reflect.TypeFor[order.Rate]():             "shipping_rates",
	reflect.TypeFor[order.Refund]():           "refunds",
	reflect.TypeFor[order.RefundLine]():       "refund_lines",
	reflect.TypeFor[order.RefundPart]():       "refund_parts",
	reflect.TypeFor[payment.Movement]():       "money_movements",
	reflect.TypeFor[notify.Notification]():    "notifications",

	reflect.TypeFor[appSecret]():         "app_secrets",
	reflect.TypeFor[attemptRow]():        "attempts",
	reflect.TypeFor[attachmentRow]():     "monev_attachments",
	reflect.TypeFor[cartItemRow]():       "cart_items",
	reflect.TypeFor[cartRow]():           "carts",
	reflect.TypeFor[councilRow]():        "councils",
	reflect.TypeFor[followUpRow]():       "monev_follow_ups",
	reflect.TypeFor[holderRow]():         "order_holders",
	reflect.TypeFor[listingChangeRow]():  "listing_changes",
	reflect.TypeFor[notifySettingRow]():  "notify_settings",
	reflect.TypeFor[outboxRow]():         "outbox",
	reflect.TypeFor[productStatRow]():    "product_stats",
	reflect.TypeFor[salesDaily]():        "sales_daily",
	reflect.TypeFor[salesDailyOrders]():  "sales_daily_orders",
	reflect.TypeFor[salesDailyProduct](): "sales_daily_products",
	reflect.TypeFor[salesDirty]():        "sales_dirty",
	reflect.TypeFor[sequenceRow]():       "document_sequences",
	reflect.TypeFor[session]():           "sessions",
	reflect.TypeFor[statusChangeRow]():   "artisan_status_history",
	reflect.TypeFor[teamRow]():           "monev_team",
	reflect.TypeFor[visitRow]():          "monev_visits",
	reflect.TypeFor[webhookEvent]():      "webhook_events",
}

// tableNames gives gorm the tables listed in tables, found by the bare
// name that is all gorm passes; checkTable catches a type taken for
// another of the same name. Any other name keeps gorm's default, which
// only a statement that names its table (Table) may run with.
type tableNames struct{ schema.NamingStrategy }

var tableOfName = func() map[string]string {
	m := map[string]string{}
	for t, table := range tables {
		m[t.Name()] = table
	}
	return m
}()

func (n tableNames) TableName(name string) string {
	if t, ok := tableOfName[name]; ok {
		return t
	}
	return n.NamingStrategy.TableName(name)
}

// checkTable fails a statement whose model's table came from gorm's
// naming but is not the one tables lists for that very type: a type
// missing from tables, or one sharing its bare name with a listed type.
// Statements that name their table (Table) or are raw SQL are the
// caller's word.
func checkTable(db *gorm.DB) {
	st := db.Statement
	if st.Schema == nil || st.SQL.Len() > 0 || st.Table != st.Schema.Table {
		return
	}
	if want, ok := tables[st.Schema.ModelType]; !ok || want != st.Schema.Table {
		db.AddError(fmt.Errorf("store: %s has no table of its own: list it in tables", st.Schema.ModelType))
	}
}

// checkTables runs checkTable first in every kind of statement, before a
// write's transaction begins.
func checkTables(db *gorm.DB) error {
	cb := db.Callback()
	const name = "kriya:check-table"
	return errors.Join(
		cb.Create().Before("*").Register(name, checkTable),
		cb.Query().Before("*").Register(name, checkTable),
		cb.Update().Before("*").Register(name, checkTable),
		cb.Delete().Before("*").Register(name, checkTable),
		cb.Row().Before("*").Register(name, checkTable),
	)
}
