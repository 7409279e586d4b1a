-- +goose Up
-- Money on invariants (see order.Allocate and app/money.go).

-- The council's commission rate when a part's sale was credited: refunds
-- give commission back at it, whatever the rate is later.
ALTER TABLE fulfilments ADD COLUMN commission_bp INT NULL;

-- Units of a line that hold stock (taken, not given back), and units
-- refunded: stock goes back only from what is held, never twice.
ALTER TABLE order_lines
    ADD COLUMN held           INT NOT NULL DEFAULT 0,
    ADD COLUMN refunded_units INT NOT NULL DEFAULT 0;
UPDATE order_lines JOIN orders ON orders.id = order_lines.order_id SET order_lines.held = order_lines.quantity
 WHERE order_lines.cancelled = FALSE
   AND orders.status IN ('pending_payment', 'paid', 'fulfilled', 'partially_refunded');

-- Flags are a set now (overpaid and disputed at once), so they get room.
ALTER TABLE orders
    MODIFY COLUMN flag      VARCHAR(200)  NOT NULL DEFAULT '',
    MODIFY COLUMN flag_note VARCHAR(2000) NOT NULL DEFAULT '';

-- A refund's money that no artisan was credited with (an overpayment, a
-- payment after the order ended), refunds made in Stripe's dashboard that
-- are only recorded here, and payments apart from the order's total.
ALTER TABLE refunds
    ADD COLUMN held        BIGINT  NOT NULL DEFAULT 0,
    ADD COLUMN record_only BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE payments ADD COLUMN apart BOOLEAN NOT NULL DEFAULT FALSE;

-- Where each refund's money came from, decided once.
CREATE TABLE refund_parts (
    id            BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    refund_id     BIGINT NOT NULL,
    fulfilment_id BIGINT NOT NULL,
    artisan_id    BIGINT NOT NULL,
    items         BIGINT NOT NULL,
    shipping      BIGINT NOT NULL,
    commission    BIGINT NOT NULL,
    KEY refund_parts_refund (refund_id),
    KEY refund_parts_fulfilment (fulfilment_id),
    CONSTRAINT refund_parts_refund_fk FOREIGN KEY (refund_id) REFERENCES refunds (id),
    CONSTRAINT refund_parts_fulfilment_fk FOREIGN KEY (fulfilment_id) REFERENCES fulfilments (id),
    CONSTRAINT refund_parts_amounts CHECK (items >= 0 AND shipping >= 0 AND commission >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE refund_lines (
    id        BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    refund_id BIGINT NOT NULL,
    line_id   BIGINT NOT NULL,
    units     INT    NOT NULL,
    restocked INT    NOT NULL,
    KEY refund_lines_refund (refund_id),
    CONSTRAINT refund_lines_refund_fk FOREIGN KEY (refund_id) REFERENCES refunds (id),
    CONSTRAINT refund_lines_line_fk FOREIGN KEY (line_id) REFERENCES order_lines (id),
    CONSTRAINT refund_lines_units CHECK (units > 0 AND restocked >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Money sent to outside systems (Stripe refunds, Connect transfers): the
-- intent is written in the transaction of the change it belongs to, the
-- call is made after commit under the intent's own idempotency key, and
-- retried until done; staff see what is still pending.
CREATE TABLE money_movements (
    id                 BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    kind               VARCHAR(20)   NOT NULL,
    order_number       VARCHAR(20)   NOT NULL DEFAULT '',
    refund_id          BIGINT        NULL,
    entry_id           BIGINT        NULL,
    artisan_id         BIGINT        NULL,
    amount             BIGINT        NOT NULL,
    payment_ref        VARCHAR(255)  NOT NULL DEFAULT '',
    account            VARCHAR(255)  NOT NULL DEFAULT '',
    source_transaction VARCHAR(255)  NOT NULL DEFAULT '',
    idempotency_key    VARCHAR(100)  NOT NULL,
    status             VARCHAR(20)   NOT NULL,
    attempts           INT           NOT NULL DEFAULT 0,
    next_attempt_at    DATETIME(6)   NOT NULL,
    last_error         VARCHAR(1000) NOT NULL DEFAULT '',
    provider_ref       VARCHAR(255)  NOT NULL DEFAULT '',
    created_by         VARCHAR(200)  NOT NULL DEFAULT '',
    created_at         DATETIME(6)   NOT NULL,
    updated_at         DATETIME(6)   NOT NULL,
    UNIQUE KEY money_movements_key (idempotency_key),
    KEY money_movements_due (status, next_attempt_at),
    KEY money_movements_order (order_number),
    CONSTRAINT money_movements_refund_fk FOREIGN KEY (refund_id) REFERENCES refunds (id),
    CONSTRAINT money_movements_entry_fk FOREIGN KEY (entry_id) REFERENCES ledger_entries (id),
    CONSTRAINT money_movements_amount CHECK (amount > 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE money_movements;
DROP TABLE refund_lines;
DROP TABLE refund_parts;
ALTER TABLE payments DROP COLUMN apart;
ALTER TABLE refunds DROP COLUMN record_only, DROP COLUMN held;
ALTER TABLE orders MODIFY COLUMN flag VARCHAR(30) NOT NULL DEFAULT '', MODIFY COLUMN flag_note VARCHAR(500) NOT NULL DEFAULT '';
ALTER TABLE order_lines DROP COLUMN refunded_units, DROP COLUMN held;
ALTER TABLE fulfilments DROP COLUMN commission_bp;
