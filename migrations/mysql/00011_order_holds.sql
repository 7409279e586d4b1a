-- +goose Up
-- Issue 14: what unpaid orders may hold (order.Limits, app.PlaceOrder).

-- The fingerprint of the request that placed an order (a checkout key
-- reused for another request is refused), the client address it came
-- from (per-client limits), and when its buyer said they will transfer
-- (only then does a bank-transfer order hold stock for 24 hours).
ALTER TABLE orders
    ADD COLUMN content_hash      VARCHAR(64) NOT NULL DEFAULT '',
    ADD COLUMN client_addr       VARCHAR(45) NOT NULL DEFAULT '',
    ADD COLUMN transfer_promised DATETIME(6) NULL;
-- Orders placed before this step already hold for 24 hours.
UPDATE orders SET transfer_promised = created_at WHERE payment_method = 'manual';
-- The limits count a requester's recent and unpaid orders.
CREATE INDEX orders_email_created ON orders (email, created_at);
CREATE INDEX orders_client_created ON orders (client_addr, created_at);

-- One row per requester (an e-mail, a client address) that has placed an
-- order: placing another locks its rows first, so two orders of one
-- requester are counted one after the other, across processes.
CREATE TABLE order_holders (
    scope      VARCHAR(300) NOT NULL PRIMARY KEY,
    touched_at DATETIME(6)  NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE order_holders;
DROP INDEX orders_client_created ON orders;
DROP INDEX orders_email_created ON orders;
ALTER TABLE orders
    DROP COLUMN transfer_promised,
    DROP COLUMN client_addr,
    DROP COLUMN content_hash;
