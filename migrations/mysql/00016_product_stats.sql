-- +goose Up
-- Issue 18: what artisans learn about their listings — how often each was
-- viewed (bots left out, no cookie needed) and put in a cart, per WITA day.
CREATE TABLE product_stats (
    product_id BIGINT   NOT NULL,
    day        CHAR(10) NOT NULL,
    views      BIGINT   NOT NULL DEFAULT 0,
    cart_adds  BIGINT   NOT NULL DEFAULT 0,
    PRIMARY KEY (product_id, day),
    CONSTRAINT product_stats_product_fk FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE product_stats;
