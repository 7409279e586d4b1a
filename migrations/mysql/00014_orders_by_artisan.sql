-- +goose Up
-- Orders are counted per artisan too (artisan_id 0: everyone's), so an
-- artisan's page counts its own orders by channel, region or category
-- as the council's pages count everyone's. The rollups are derived:
-- the table starts empty and every day with sales is rebuilt.
DROP TABLE sales_daily_orders;
CREATE TABLE sales_daily_orders (
    artisan_id BIGINT      NOT NULL,
    dim        VARCHAR(20) NOT NULL,
    day        CHAR(10)    NOT NULL,
    dim_key    VARCHAR(60) NOT NULL,
    orders     BIGINT      NOT NULL,
    PRIMARY KEY (artisan_id, dim, day, dim_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
INSERT IGNORE INTO sales_dirty (day) SELECT DISTINCT day FROM sales_daily;

-- +goose Down
DROP TABLE sales_daily_orders;
CREATE TABLE sales_daily_orders (
    day     CHAR(10)    NOT NULL,
    dim     VARCHAR(20) NOT NULL,
    dim_key VARCHAR(60) NOT NULL,
    orders  BIGINT      NOT NULL,
    PRIMARY KEY (dim, day, dim_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
INSERT IGNORE INTO sales_dirty (day) SELECT DISTINCT day FROM sales_daily;
