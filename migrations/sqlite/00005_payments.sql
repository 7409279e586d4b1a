-- +goose Up
-- Card payments and what staff must look at: an order's flag says why
-- (underpaid, overpaid, paid_after_expiry, disputed, refund_due).
ALTER TABLE orders ADD COLUMN stripe_session_id TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN payment_intent TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN charge_id TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN flag TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN flag_note TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN refunded INTEGER NOT NULL DEFAULT 0;
CREATE INDEX orders_flag ON orders (flag);

-- The Stripe Connect account an artisan is paid to, where it has one.
ALTER TABLE artisans ADD COLUMN connect_account_id TEXT NOT NULL DEFAULT '';

-- Every Stripe event, stored by id: processed exactly once.
CREATE TABLE webhook_events (
    id           TEXT     NOT NULL PRIMARY KEY,
    type         TEXT     NOT NULL,
    order_number TEXT     NOT NULL DEFAULT '',
    received_at  DATETIME NOT NULL
);

CREATE TABLE refunds (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER  NOT NULL REFERENCES orders (id),
    artisan_id  INTEGER,
    amount      INTEGER  NOT NULL CHECK (amount > 0),
    method      TEXT     NOT NULL,
    reference   TEXT     NOT NULL DEFAULT '',
    reason      TEXT     NOT NULL DEFAULT '',
    created_by  TEXT     NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL
);
CREATE INDEX refunds_order ON refunds (order_id);

-- What the council owes each artisan: append-only; corrections are new
-- entries. Amounts are signed rupiah.
CREATE TABLE ledger_entries (
    id           INTEGER PRIMARY KEY,
    artisan_id   INTEGER  NOT NULL REFERENCES artisans (id),
    kind         TEXT     NOT NULL,
    amount       INTEGER  NOT NULL,
    order_number TEXT     NOT NULL DEFAULT '',
    reference    TEXT     NOT NULL DEFAULT '',
    note         TEXT     NOT NULL DEFAULT '',
    created_by   TEXT     NOT NULL DEFAULT '',
    created_at   DATETIME NOT NULL
);
CREATE INDEX ledger_entries_artisan ON ledger_entries (artisan_id, id);
CREATE INDEX ledger_entries_order ON ledger_entries (order_number);

-- +goose Down
DROP TABLE ledger_entries;
DROP TABLE refunds;
DROP TABLE webhook_events;
