-- +goose Up
-- Issue 18: what artisans learn about their listings — how often each was
-- viewed (bots left out, no cookie needed) and put in a cart, per WITA day.
CREATE TABLE product_stats (
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    day        TEXT    NOT NULL,
    views      INTEGER NOT NULL DEFAULT 0,
    cart_adds  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (product_id, day)
);

-- +goose Down
DROP TABLE product_stats;
