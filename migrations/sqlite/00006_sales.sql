-- +goose Up
-- Lines in the order when it was paid: a line cancelled later still
-- counts in that day's sales, and its refund is set against it.
ALTER TABLE order_lines ADD COLUMN paid INTEGER NOT NULL DEFAULT 0;
-- Sales are counted by the day of payment.
CREATE INDEX orders_paid ON orders (paid_at);

CREATE TABLE exhibitions (
    id            INTEGER PRIMARY KEY,
    name          TEXT     NOT NULL,
    place         TEXT     NOT NULL DEFAULT '',
    starts_on     TEXT     NOT NULL,
    ends_on       TEXT     NOT NULL,
    artisan_entry INTEGER  NOT NULL DEFAULT 0,
    created_at    DATETIME NOT NULL
);

CREATE TABLE exhibition_participants (
    id            INTEGER PRIMARY KEY,
    exhibition_id INTEGER NOT NULL REFERENCES exhibitions (id) ON DELETE CASCADE,
    artisan_id    INTEGER NOT NULL REFERENCES artisans (id),
    status        TEXT    NOT NULL DEFAULT 'applied',
    UNIQUE (exhibition_id, artisan_id)
);

-- Stand sales per artisan per day. A correction is a new row that
-- supersedes the old one, so the history stays.
CREATE TABLE exhibition_sales (
    id            INTEGER PRIMARY KEY,
    exhibition_id INTEGER  NOT NULL REFERENCES exhibitions (id),
    artisan_id    INTEGER  NOT NULL REFERENCES artisans (id),
    day           TEXT     NOT NULL,
    units         INTEGER  NOT NULL CHECK (units >= 0),
    amount        INTEGER  NOT NULL CHECK (amount >= 0),
    method        TEXT     NOT NULL,
    note          TEXT     NOT NULL DEFAULT '',
    entered_by    TEXT     NOT NULL DEFAULT '',
    superseded_by INTEGER,
    created_at    DATETIME NOT NULL
);
CREATE INDEX exhibition_sales_day ON exhibition_sales (day, exhibition_id);

-- Daily rollups of sales (the definitions are in package sales), per WITA day, rebuilt from the orders,
-- refunds and stand sales of a day whenever that day is marked dirty.
CREATE TABLE sales_daily (
    day         TEXT    NOT NULL,
    artisan_id  INTEGER NOT NULL,
    category_id INTEGER NOT NULL,
    channel     TEXT    NOT NULL,
    region      TEXT    NOT NULL,
    units       INTEGER NOT NULL,
    gross       INTEGER NOT NULL,
    refunds     INTEGER NOT NULL,
    PRIMARY KEY (day, artisan_id, category_id, channel, region)
);

CREATE TABLE sales_daily_products (
    day        TEXT    NOT NULL,
    product_id INTEGER NOT NULL,
    artisan_id INTEGER NOT NULL,
    units      INTEGER NOT NULL,
    gross      INTEGER NOT NULL,
    refunds    INTEGER NOT NULL,
    PRIMARY KEY (day, product_id)
);
CREATE INDEX sales_daily_products_artisan ON sales_daily_products (artisan_id, day);

-- Orders are counted per dimension (an order with two artisans is one
-- order in the total, and one for each artisan).
CREATE TABLE sales_daily_orders (
    day    TEXT    NOT NULL,
    dim    TEXT    NOT NULL,
    dim_key TEXT   NOT NULL,
    orders INTEGER NOT NULL,
    PRIMARY KEY (dim, day, dim_key)
);

CREATE TABLE sales_dirty (
    day TEXT NOT NULL PRIMARY KEY
);

-- +goose Down
DROP INDEX orders_paid;
DROP TABLE sales_dirty;
DROP TABLE sales_daily_orders;
DROP TABLE sales_daily_products;
DROP TABLE sales_daily;
DROP TABLE exhibition_sales;
DROP TABLE exhibition_participants;
DROP TABLE exhibitions;
