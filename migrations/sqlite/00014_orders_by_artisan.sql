-- +goose Up
-- Orders are counted per artisan too (artisan_id 0: everyone's), so an
-- artisan's page counts its own orders by channel, region or category
-- as the council's pages count everyone's. The rollups are derived:
-- the table starts empty and every day with sales is rebuilt.
DROP TABLE sales_daily_orders;
CREATE TABLE sales_daily_orders (
    artisan_id INTEGER NOT NULL,
    dim        TEXT    NOT NULL,
    day        TEXT    NOT NULL,
    dim_key    TEXT    NOT NULL,
    orders     INTEGER NOT NULL,
    PRIMARY KEY (artisan_id, dim, day, dim_key)
);
INSERT OR IGNORE INTO sales_dirty (day) SELECT DISTINCT day FROM sales_daily;

-- +goose Down
DROP TABLE sales_daily_orders;
CREATE TABLE sales_daily_orders (
    day    TEXT    NOT NULL,
    dim    TEXT    NOT NULL,
    dim_key TEXT   NOT NULL,
    orders INTEGER NOT NULL,
    PRIMARY KEY (dim, day, dim_key)
);
INSERT OR IGNORE INTO sales_dirty (day) SELECT DISTINCT day FROM sales_daily;
