-- +goose Up
-- Card payments and what staff must look at: an order's flag says why
-- (underpaid, overpaid, paid_after_expiry, disputed, refund_due).
ALTER TABLE orders
    ADD COLUMN stripe_session_id VARCHAR(255) NOT NULL DEFAULT '',
    ADD COLUMN payment_intent    VARCHAR(255) NOT NULL DEFAULT '',
    ADD COLUMN charge_id         VARCHAR(255) NOT NULL DEFAULT '',
    ADD COLUMN flag              VARCHAR(30)  NOT NULL DEFAULT '',
    ADD COLUMN flag_note         VARCHAR(500) NOT NULL DEFAULT '',
    ADD COLUMN refunded          BIGINT       NOT NULL DEFAULT 0,
    ADD KEY orders_flag (flag);

-- The Stripe Connect account an artisan is paid to, where it has one.
ALTER TABLE artisans ADD COLUMN connect_account_id VARCHAR(255) NOT NULL DEFAULT '';

-- Every Stripe event, stored by id: processed exactly once.
CREATE TABLE webhook_events (
    id           VARCHAR(255) NOT NULL PRIMARY KEY,
    type         VARCHAR(100) NOT NULL,
    order_number VARCHAR(20)  NOT NULL DEFAULT '',
    received_at  DATETIME(6)  NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE refunds (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    order_id    BIGINT       NOT NULL,
    artisan_id  BIGINT       NULL,
    amount      BIGINT       NOT NULL,
    method      VARCHAR(20)  NOT NULL,
    reference   VARCHAR(255) NOT NULL DEFAULT '',
    reason      VARCHAR(500) NOT NULL DEFAULT '',
    created_by  VARCHAR(200) NOT NULL DEFAULT '',
    created_at  DATETIME(6)  NOT NULL,
    KEY refunds_order (order_id),
    CONSTRAINT refunds_order_fk FOREIGN KEY (order_id) REFERENCES orders (id),
    CONSTRAINT refunds_amount CHECK (amount > 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- What the council owes each artisan: append-only; corrections are new
-- entries. Amounts are signed rupiah.
CREATE TABLE ledger_entries (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    artisan_id   BIGINT       NOT NULL,
    kind         VARCHAR(30)  NOT NULL,
    amount       BIGINT       NOT NULL,
    order_number VARCHAR(20)  NOT NULL DEFAULT '',
    reference    VARCHAR(255) NOT NULL DEFAULT '',
    note         VARCHAR(500) NOT NULL DEFAULT '',
    created_by   VARCHAR(200) NOT NULL DEFAULT '',
    created_at   DATETIME(6)  NOT NULL,
    KEY ledger_entries_artisan (artisan_id, id),
    KEY ledger_entries_order (order_number),
    CONSTRAINT ledger_entries_artisan_fk FOREIGN KEY (artisan_id) REFERENCES artisans (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE ledger_entries;
DROP TABLE refunds;
DROP TABLE webhook_events;
ALTER TABLE artisans DROP COLUMN connect_account_id;
ALTER TABLE orders DROP INDEX orders_flag, DROP COLUMN stripe_session_id, DROP COLUMN payment_intent,
    DROP COLUMN charge_id, DROP COLUMN flag, DROP COLUMN flag_note, DROP COLUMN refunded;
