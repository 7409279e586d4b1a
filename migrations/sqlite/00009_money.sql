-- +goose Up
-- Money on invariants (see order.Allocate and app/money.go).

-- The council's commission rate when a part's sale was credited: refunds
-- give commission back at it, whatever the rate is later.
ALTER TABLE fulfilments ADD COLUMN commission_bp INTEGER;

-- Units of a line that hold stock (taken, not given back), and units
-- refunded: stock goes back only from what is held, never twice.
ALTER TABLE order_lines ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
ALTER TABLE order_lines ADD COLUMN refunded_units INTEGER NOT NULL DEFAULT 0;
UPDATE order_lines SET held = quantity
 WHERE cancelled = 0
   AND order_id IN (SELECT id FROM orders WHERE status IN ('pending_payment', 'paid', 'fulfilled', 'partially_refunded'));

-- Flags are a set now (overpaid and disputed at once), so they get room.
-- (SQLite's TEXT has it already.)

-- A refund's money that no artisan was credited with (an overpayment, a
-- payment after the order ended), refunds made in Stripe's dashboard that
-- are only recorded here, and payments apart from the order's total.
ALTER TABLE refunds ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payments ADD COLUMN apart INTEGER NOT NULL DEFAULT 0;
ALTER TABLE refunds ADD COLUMN record_only INTEGER NOT NULL DEFAULT 0;

-- Where each refund's money came from, decided once.
CREATE TABLE refund_parts (
    id            INTEGER PRIMARY KEY,
    refund_id     INTEGER NOT NULL REFERENCES refunds (id),
    fulfilment_id INTEGER NOT NULL REFERENCES fulfilments (id),
    artisan_id    INTEGER NOT NULL,
    items         INTEGER NOT NULL CHECK (items >= 0),
    shipping      INTEGER NOT NULL CHECK (shipping >= 0),
    commission    INTEGER NOT NULL CHECK (commission >= 0)
);
CREATE INDEX refund_parts_refund ON refund_parts (refund_id);
CREATE INDEX refund_parts_fulfilment ON refund_parts (fulfilment_id);

CREATE TABLE refund_lines (
    id        INTEGER PRIMARY KEY,
    refund_id INTEGER NOT NULL REFERENCES refunds (id),
    line_id   INTEGER NOT NULL REFERENCES order_lines (id),
    units     INTEGER NOT NULL CHECK (units > 0),
    restocked INTEGER NOT NULL CHECK (restocked >= 0)
);
CREATE INDEX refund_lines_refund ON refund_lines (refund_id);

-- Money sent to outside systems (Stripe refunds, Connect transfers): the
-- intent is written in the transaction of the change it belongs to, the
-- call is made after commit under the intent's own idempotency key, and
-- retried until done; staff see what is still pending.
CREATE TABLE money_movements (
    id                 INTEGER PRIMARY KEY,
    kind               TEXT     NOT NULL,
    order_number       TEXT     NOT NULL DEFAULT '',
    refund_id          INTEGER  REFERENCES refunds (id),
    entry_id           INTEGER  REFERENCES ledger_entries (id),
    artisan_id         INTEGER,
    amount             INTEGER  NOT NULL CHECK (amount > 0),
    payment_ref        TEXT     NOT NULL DEFAULT '',
    account            TEXT     NOT NULL DEFAULT '',
    source_transaction TEXT     NOT NULL DEFAULT '',
    idempotency_key    TEXT     NOT NULL UNIQUE,
    status             TEXT     NOT NULL,
    attempts           INTEGER  NOT NULL DEFAULT 0,
    next_attempt_at    DATETIME NOT NULL,
    last_error         TEXT     NOT NULL DEFAULT '',
    provider_ref       TEXT     NOT NULL DEFAULT '',
    created_by         TEXT     NOT NULL DEFAULT '',
    created_at         DATETIME NOT NULL,
    updated_at         DATETIME NOT NULL
);
CREATE INDEX money_movements_due ON money_movements (status, next_attempt_at);
CREATE INDEX money_movements_order ON money_movements (order_number);

-- +goose Down
DROP TABLE money_movements;
DROP TABLE refund_lines;
DROP TABLE refund_parts;
ALTER TABLE payments DROP COLUMN apart;
ALTER TABLE refunds DROP COLUMN record_only;
ALTER TABLE refunds DROP COLUMN held;
ALTER TABLE order_lines DROP COLUMN refunded_units;
ALTER TABLE order_lines DROP COLUMN held;
ALTER TABLE fulfilments DROP COLUMN commission_bp;
