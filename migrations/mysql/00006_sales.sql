-- +goose Up
-- Lines in the order when it was paid: a line cancelled later still
-- counts in that day's sales, and its refund is set against it.
ALTER TABLE order_lines ADD COLUMN paid BOOLEAN NOT NULL DEFAULT FALSE;
-- Sales are counted by the day of payment.
CREATE INDEX orders_paid ON orders (paid_at);

CREATE TABLE exhibitions (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name          VARCHAR(200) NOT NULL,
    place         VARCHAR(200) NOT NULL DEFAULT '',
    starts_on     CHAR(10)     NOT NULL,
    ends_on       CHAR(10)     NOT NULL,
    artisan_entry BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at    DATETIME(6)  NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE exhibition_participants (
    id            BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    exhibition_id BIGINT      NOT NULL,
    artisan_id    BIGINT      NOT NULL,
    status        VARCHAR(20) NOT NULL DEFAULT 'applied',
    UNIQUE KEY exhibition_participants_artisan (exhibition_id, artisan_id),
    CONSTRAINT exhibition_participants_exhibition_fk FOREIGN KEY (exhibition_id) REFERENCES exhibitions (id) ON DELETE CASCADE,
    CONSTRAINT exhibition_participants_artisan_fk FOREIGN KEY (artisan_id) REFERENCES artisans (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Stand sales per artisan per day. A correction is a new row that
-- supersedes the old one, so the history stays.
CREATE TABLE exhibition_sales (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    exhibition_id BIGINT       NOT NULL,
    artisan_id    BIGINT       NOT NULL,
    day           CHAR(10)     NOT NULL,
    units         BIGINT       NOT NULL,
    amount        BIGINT       NOT NULL,
    method        VARCHAR(20)  NOT NULL,
    note          VARCHAR(500) NOT NULL DEFAULT '',
    entered_by    VARCHAR(200) NOT NULL DEFAULT '',
    superseded_by BIGINT       NULL,
    created_at    DATETIME(6)  NOT NULL,
    KEY exhibition_sales_day (day, exhibition_id),
    CONSTRAINT exhibition_sales_exhibition_fk FOREIGN KEY (exhibition_id) REFERENCES exhibitions (id),
    CONSTRAINT exhibition_sales_artisan_fk FOREIGN KEY (artisan_id) REFERENCES artisans (id),
    CONSTRAINT exhibition_sales_amounts CHECK (units >= 0 AND amount >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Daily rollups of sales (the definitions are in package sales), per WITA day, rebuilt from the orders,
-- refunds and stand sales of a day whenever that day is marked dirty.
CREATE TABLE sales_daily (
    day         CHAR(10)    NOT NULL,
    artisan_id  BIGINT      NOT NULL,
    category_id BIGINT      NOT NULL,
    channel     VARCHAR(40) NOT NULL,
    region      VARCHAR(20) NOT NULL,
    units       BIGINT      NOT NULL,
    gross       BIGINT      NOT NULL,
    refunds     BIGINT      NOT NULL,
    PRIMARY KEY (day, artisan_id, category_id, channel, region)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE sales_daily_products (
    day        CHAR(10) NOT NULL,
    product_id BIGINT   NOT NULL,
    artisan_id BIGINT   NOT NULL,
    units      BIGINT   NOT NULL,
    gross      BIGINT   NOT NULL,
    refunds    BIGINT   NOT NULL,
    PRIMARY KEY (day, product_id),
    KEY sales_daily_products_artisan (artisan_id, day)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Orders are counted per dimension (an order with two artisans is one
-- order in the total, and one for each artisan).
CREATE TABLE sales_daily_orders (
    day     CHAR(10)    NOT NULL,
    dim     VARCHAR(20) NOT NULL,
    dim_key VARCHAR(60) NOT NULL,
    orders  BIGINT      NOT NULL,
    PRIMARY KEY (dim, day, dim_key)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE sales_dirty (
    day CHAR(10) NOT NULL PRIMARY KEY
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- +goose Down
DROP INDEX orders_paid ON orders;
DROP TABLE sales_dirty;
DROP TABLE sales_daily_orders;
DROP TABLE sales_daily_products;
DROP TABLE sales_daily;
DROP TABLE exhibition_sales;
DROP TABLE exhibition_participants;
DROP TABLE exhibitions;
