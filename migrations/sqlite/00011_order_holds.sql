-- +goose Up
-- Issue 14: what unpaid orders may hold (order.Limits, app.PlaceOrder).

-- The fingerprint of the request that placed an order (a checkout key
-- reused for another request is refused), the client address it came
-- from (per-client limits), and when its buyer said they will transfer
-- (only then does a bank-transfer order hold stock for 24 hours).
ALTER TABLE orders ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN client_addr TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN transfer_promised DATETIME;
-- Orders placed before this step already hold for 24 hours.
UPDATE orders SET transfer_promised = created_at WHERE payment_method = 'manual';
-- The limits count a requester's recent and unpaid orders.
CREATE INDEX orders_email_created ON orders (email, created_at);
CREATE INDEX orders_client_created ON orders (client_addr, created_at);

-- One row per requester (an e-mail, a client address) that has placed an
-- order: placing another locks its rows first, so two orders of one
-- requester are counted one after the other, across processes.
CREATE TABLE order_holders (
    scope      TEXT     PRIMARY KEY,
    touched_at DATETIME NOT NULL
);

-- +goose Down
DROP TABLE order_holders;
DROP INDEX orders_client_created;
DROP INDEX orders_email_created;
ALTER TABLE orders DROP COLUMN transfer_promised;
ALTER TABLE orders DROP COLUMN client_addr;
ALTER TABLE orders DROP COLUMN content_hash;
