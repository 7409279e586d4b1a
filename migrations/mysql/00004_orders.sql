-- +goose Up
CREATE TABLE carts (
    id          BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    session_key VARCHAR(64) NULL UNIQUE,
    user_id     BIGINT      NULL UNIQUE,
    created_at  DATETIME(6) NOT NULL,
    updated_at  DATETIME(6) NOT NULL,
    CONSTRAINT carts_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE cart_items (
    id         BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    cart_id    BIGINT      NOT NULL,
    sku_id     BIGINT      NOT NULL,
    quantity   INT         NOT NULL,
    price_seen BIGINT      NOT NULL,
    created_at DATETIME(6) NOT NULL,
    UNIQUE KEY cart_items_sku (cart_id, sku_id),
    CONSTRAINT cart_items_cart_fk FOREIGN KEY (cart_id) REFERENCES carts (id) ON DELETE CASCADE,
    CONSTRAINT cart_items_sku_fk FOREIGN KEY (sku_id) REFERENCES skus (id) ON DELETE CASCADE,
    CONSTRAINT cart_items_quantity CHECK (quantity > 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The council's delivery fees: per zone, parcels up to max_grams cost fee.
CREATE TABLE shipping_rates (
    id        BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    zone      VARCHAR(30) NOT NULL,
    max_grams INT         NOT NULL,
    fee       BIGINT      NOT NULL,
    UNIQUE KEY shipping_rates_tier (zone, max_grams),
    CONSTRAINT shipping_rates_fee CHECK (fee >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
-- A starting tariff the council edits on its rates page, so checkout can
-- price delivery from the start (demo values, not a courier's tariff).
INSERT INTO shipping_rates (zone, max_grams, fee) VALUES
    ('denpasar', 1000, 15000), ('denpasar', 3000, 25000), ('denpasar', 10000, 50000),
    ('bali', 1000, 25000), ('bali', 3000, 40000), ('bali', 10000, 80000),
    ('java', 1000, 35000), ('java', 3000, 70000), ('java', 10000, 180000),
    ('indonesia', 1000, 55000), ('indonesia', 3000, 120000), ('indonesia', 10000, 320000),
    ('international', 1000, 350000), ('international', 3000, 650000), ('international', 10000, 1600000);

CREATE TABLE orders (
    id             BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    number         VARCHAR(20)   NOT NULL UNIQUE,
    checkout_key   VARCHAR(64)   NOT NULL UNIQUE,
    user_id        BIGINT        NULL,
    email          VARCHAR(254)  NOT NULL,
    name           VARCHAR(200)  NOT NULL,
    phone          VARCHAR(40)   NOT NULL DEFAULT '',
    lang           VARCHAR(5)    NOT NULL DEFAULT 'id',
    street         VARCHAR(300)  NOT NULL DEFAULT '',
    notes          VARCHAR(600)  NOT NULL DEFAULT '',
    kelurahan      VARCHAR(100)  NOT NULL DEFAULT '',
    kecamatan      VARCHAR(100)  NOT NULL DEFAULT '',
    city           VARCHAR(100)  NOT NULL DEFAULT '',
    province       VARCHAR(100)  NOT NULL DEFAULT '',
    postal_code    VARCHAR(20)   NOT NULL DEFAULT '',
    country        VARCHAR(2)    NOT NULL DEFAULT 'ID',
    pickup         BOOLEAN       NOT NULL DEFAULT FALSE,
    payment_method VARCHAR(20)   NOT NULL,
    status         VARCHAR(30)   NOT NULL,
    subtotal       BIGINT        NOT NULL,
    shipping       BIGINT        NOT NULL,
    total          BIGINT        NOT NULL,
    expires_at     DATETIME(6)   NOT NULL,
    paid_at        DATETIME(6)   NULL,
    created_at     DATETIME(6)   NOT NULL,
    updated_at     DATETIME(6)   NOT NULL,
    KEY orders_status_expiry (status, expires_at),
    KEY orders_email (email),
    KEY orders_user (user_id, id),
    KEY orders_created (created_at),
    CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE fulfilments (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    order_id     BIGINT       NOT NULL,
    artisan_id   BIGINT       NOT NULL,
    artisan_name VARCHAR(200) NOT NULL,
    status       VARCHAR(30)  NOT NULL,
    zone         VARCHAR(30)  NOT NULL,
    shipping     BIGINT       NOT NULL,
    courier      VARCHAR(40)  NOT NULL DEFAULT '',
    tracking     VARCHAR(100) NOT NULL DEFAULT '',
    shipped_at   DATETIME(6)  NULL,
    delivered_at DATETIME(6)  NULL,
    KEY fulfilments_order (order_id),
    KEY fulfilments_artisan (artisan_id, status, id),
    CONSTRAINT fulfilments_order_fk FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
    CONSTRAINT fulfilments_artisan_fk FOREIGN KEY (artisan_id) REFERENCES artisans (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE order_lines (
    id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    order_id      BIGINT        NOT NULL,
    fulfilment_id BIGINT        NOT NULL,
    artisan_id    BIGINT        NOT NULL,
    product_id    BIGINT        NOT NULL,
    sku_id        BIGINT        NOT NULL,
    sku_code      VARCHAR(64)   NOT NULL,
    title         VARCHAR(300)  NOT NULL,
    label         VARCHAR(100)  NOT NULL DEFAULT '',
    price         BIGINT        NOT NULL,
    quantity      INT           NOT NULL,
    weight_grams  INT           NOT NULL DEFAULT 0,
    cancelled     BOOLEAN       NOT NULL DEFAULT FALSE,
    cancel_reason VARCHAR(1000) NOT NULL DEFAULT '',
    KEY order_lines_order (order_id),
    KEY order_lines_sku (sku_id),
    CONSTRAINT order_lines_order_fk FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE,
    CONSTRAINT order_lines_fulfilment_fk FOREIGN KEY (fulfilment_id) REFERENCES fulfilments (id),
    CONSTRAINT order_lines_quantity CHECK (quantity > 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE order_events (
    id         BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    order_id   BIGINT        NOT NULL,
    kind       VARCHAR(40)   NOT NULL,
    detail     VARCHAR(1000) NOT NULL DEFAULT '',
    actor      VARCHAR(200)  NOT NULL DEFAULT '',
    created_at DATETIME(6)   NOT NULL,
    KEY order_events_order (order_id, id),
    CONSTRAINT order_events_order_fk FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE payments (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    order_id    BIGINT       NOT NULL,
    method      VARCHAR(20)  NOT NULL,
    amount      BIGINT       NOT NULL,
    reference   VARCHAR(200) NOT NULL DEFAULT '',
    paid_at     DATETIME(6)  NOT NULL,
    recorded_by VARCHAR(200) NOT NULL DEFAULT '',
    created_at  DATETIME(6)  NOT NULL,
    KEY payments_order (order_id),
    CONSTRAINT payments_order_fk FOREIGN KEY (order_id) REFERENCES orders (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Keys the application makes for itself on first use, shared by every
-- server process (such as the key that signs buyers' order links).
CREATE TABLE app_secrets (
    name  VARCHAR(64)   NOT NULL PRIMARY KEY,
    value VARBINARY(64) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

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
