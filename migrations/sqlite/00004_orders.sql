-- +goose Up
CREATE TABLE carts (
    id          INTEGER PRIMARY KEY,
    session_key TEXT UNIQUE,
    user_id     INTEGER UNIQUE REFERENCES users (id) ON DELETE CASCADE,
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL
);

CREATE TABLE cart_items (
    id         INTEGER PRIMARY KEY,
    cart_id    INTEGER NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    sku_id     INTEGER NOT NULL REFERENCES skus (id) ON DELETE CASCADE,
    quantity   INTEGER NOT NULL CHECK (quantity > 0),
    price_seen INTEGER NOT NULL,
    created_at DATETIME NOT NULL,
    UNIQUE (cart_id, sku_id)
);

-- The council's delivery fees: per zone, parcels up to max_grams cost fee.
CREATE TABLE shipping_rates (
    id        INTEGER PRIMARY KEY,
    zone      TEXT    NOT NULL,
    max_grams INTEGER NOT NULL,
    fee       INTEGER NOT NULL CHECK (fee >= 0),
    UNIQUE (zone, max_grams)
);
-- A starting tariff the council edits on its rates page, so checkout can
-- price delivery from the start (demo values, not a courier's tariff).
INSERT INTO shipping_rates (zone, max_grams, fee) VALUES
    ('denpasar', 1000, 15000), ('denpasar', 3000, 25000), ('denpasar', 10000, 50000),
    ('bali', 1000, 25000), ('bali', 3000, 40000), ('bali', 10000, 80000),
    ('java', 1000, 35000), ('java', 3000, 70000), ('java', 10000, 180000),
    ('indonesia', 1000, 55000), ('indonesia', 3000, 120000), ('indonesia', 10000, 320000),
    ('international', 1000, 350000), ('international', 3000, 650000), ('international', 10000, 1600000);

CREATE TABLE orders (
    id             INTEGER PRIMARY KEY,
    number         TEXT     NOT NULL UNIQUE,
    checkout_key   TEXT     NOT NULL UNIQUE,
    user_id        INTEGER  REFERENCES users (id),
    email          TEXT     NOT NULL,
    name           TEXT     NOT NULL,
    phone          TEXT     NOT NULL DEFAULT '',
    lang           TEXT     NOT NULL DEFAULT 'id',
    street         TEXT     NOT NULL DEFAULT '',
    notes          TEXT     NOT NULL DEFAULT '',
    kelurahan      TEXT     NOT NULL DEFAULT '',
    kecamatan      TEXT     NOT NULL DEFAULT '',
    city           TEXT     NOT NULL DEFAULT '',
    province       TEXT     NOT NULL DEFAULT '',
    postal_code    TEXT     NOT NULL DEFAULT '',
    country        TEXT     NOT NULL DEFAULT 'ID',
    pickup         INTEGER  NOT NULL DEFAULT 0,
    payment_method TEXT     NOT NULL,
    status         TEXT     NOT NULL,
    subtotal       INTEGER  NOT NULL,
    shipping       INTEGER  NOT NULL,
    total          INTEGER  NOT NULL,
    expires_at     DATETIME NOT NULL,
    paid_at        DATETIME,
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL
);
CREATE INDEX orders_status_expiry ON orders (status, expires_at);
CREATE INDEX orders_email ON orders (email);
CREATE INDEX orders_user ON orders (user_id, id);
CREATE INDEX orders_created ON orders (created_at);

CREATE TABLE fulfilments (
    id           INTEGER PRIMARY KEY,
    order_id     INTEGER  NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    artisan_id   INTEGER  NOT NULL REFERENCES artisans (id),
    artisan_name TEXT     NOT NULL,
    status       TEXT     NOT NULL,
    zone         TEXT     NOT NULL,
    shipping     INTEGER  NOT NULL,
    courier      TEXT     NOT NULL DEFAULT '',
    tracking     TEXT     NOT NULL DEFAULT '',
    shipped_at   DATETIME,
    delivered_at DATETIME
);
CREATE INDEX fulfilments_order ON fulfilments (order_id);
CREATE INDEX fulfilments_artisan ON fulfilments (artisan_id, status, id);

CREATE TABLE order_lines (
    id            INTEGER PRIMARY KEY,
    order_id      INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    fulfilment_id INTEGER NOT NULL REFERENCES fulfilments (id),
    artisan_id    INTEGER NOT NULL,
    product_id    INTEGER NOT NULL,
    sku_id        INTEGER NOT NULL,
    sku_code      TEXT    NOT NULL,
    title         TEXT    NOT NULL,
    label         TEXT    NOT NULL DEFAULT '',
    price         INTEGER NOT NULL,
    quantity      INTEGER NOT NULL CHECK (quantity > 0),
    weight_grams  INTEGER NOT NULL DEFAULT 0,
    cancelled     INTEGER NOT NULL DEFAULT 0,
    cancel_reason TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX order_lines_order ON order_lines (order_id);
CREATE INDEX order_lines_sku ON order_lines (sku_id);

CREATE TABLE order_events (
    id         INTEGER PRIMARY KEY,
    order_id   INTEGER  NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    kind       TEXT     NOT NULL,
    detail     TEXT     NOT NULL DEFAULT '',
    actor      TEXT     NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL
);
CREATE INDEX order_events_order ON order_events (order_id, id);

CREATE TABLE payments (
    id          INTEGER PRIMARY KEY,
    order_id    INTEGER  NOT NULL REFERENCES orders (id),
    method      TEXT     NOT NULL,
    amount      INTEGER  NOT NULL,
    reference   TEXT     NOT NULL DEFAULT '',
    paid_at     DATETIME NOT NULL,
    recorded_by TEXT     NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL
);
CREATE INDEX payments_order ON payments (order_id);

-- Keys the application makes for itself on first use, shared by every
-- server process (such as the key that signs buyers' order links).
CREATE TABLE app_secrets (
    name  TEXT NOT NULL PRIMARY KEY,
    value BLOB NOT NULL
);

-- +goose Down
DROP TABLE app_secrets;
DROP TABLE payments;
DROP TABLE order_events;
DROP TABLE order_lines;
DROP TABLE fulfilments;
DROP TABLE orders;
DROP TABLE shipping_rates;
DROP TABLE cart_items;
DROP TABLE carts;
