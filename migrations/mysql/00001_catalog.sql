-- +goose Up
CREATE TABLE categories (
    id       BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    slug     VARCHAR(100) NOT NULL UNIQUE,
    name_id  VARCHAR(200) NOT NULL,
    name_en  VARCHAR(200) NOT NULL,
    position INT          NOT NULL DEFAULT 0
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE artisans (
    id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    slug           VARCHAR(150) NOT NULL UNIQUE,
    name           VARCHAR(200) NOT NULL,
    owner          VARCHAR(200) NOT NULL DEFAULT '',
    category_id    BIGINT       NOT NULL,
    kecamatan_code VARCHAR(20)  NOT NULL DEFAULT '',
    kelurahan_code VARCHAR(20)  NOT NULL DEFAULT '',
    story_id       TEXT         NOT NULL,
    story_en       TEXT         NOT NULL,
    photo_key      VARCHAR(255) NOT NULL DEFAULT '',
    featured       BOOLEAN      NOT NULL DEFAULT FALSE,
    status         VARCHAR(20)  NOT NULL DEFAULT 'active',
    since          INT          NOT NULL DEFAULT 0,
    created_at     DATETIME(6)  NOT NULL,
    updated_at     DATETIME(6)  NOT NULL,
    KEY artisans_status (status, name),
    CONSTRAINT artisans_category FOREIGN KEY (category_id) REFERENCES categories (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE products (
    id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    slug           VARCHAR(191) NOT NULL UNIQUE,
    artisan_id     BIGINT       NOT NULL,
    category_id    BIGINT       NOT NULL,
    title_id       VARCHAR(300) NOT NULL,
    title_en       VARCHAR(300) NOT NULL DEFAULT '',
    description_id TEXT         NOT NULL,
    description_en TEXT         NOT NULL,
    material_id    VARCHAR(200) NOT NULL DEFAULT '',
    material_en    VARCHAR(200) NOT NULL DEFAULT '',
    weight_grams   INT          NOT NULL DEFAULT 0,
    status         VARCHAR(20)  NOT NULL DEFAULT 'draft',
    featured       BOOLEAN      NOT NULL DEFAULT FALSE,
    price_from     BIGINT       NOT NULL DEFAULT 0,
    created_at     DATETIME(6)  NOT NULL,
    updated_at     DATETIME(6)  NOT NULL,
    KEY products_status_created (status, created_at),
    KEY products_status_price (status, price_from),
    KEY products_artisan (artisan_id, status),
    KEY products_category (category_id, status),
    CONSTRAINT products_artisan_fk FOREIGN KEY (artisan_id) REFERENCES artisans (id),
    CONSTRAINT products_category_fk FOREIGN KEY (category_id) REFERENCES categories (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE skus (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    product_id BIGINT       NOT NULL,
    code       VARCHAR(64)  NOT NULL UNIQUE,
    label      VARCHAR(100) NOT NULL DEFAULT '',
    price      BIGINT       NOT NULL,
    stock      INT          NOT NULL DEFAULT 0,
    position   INT          NOT NULL DEFAULT 0,
    KEY skus_product (product_id, position),
    CONSTRAINT skus_product_fk FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE,
    CONSTRAINT skus_price_check CHECK (price >= 0),
    CONSTRAINT skus_stock_check CHECK (stock >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE product_images (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    product_id BIGINT       NOT NULL,
    position   INT          NOT NULL DEFAULT 0,
    `key`      VARCHAR(255) NOT NULL,
    width      INT          NOT NULL DEFAULT 0,
    height     INT          NOT NULL DEFAULT 0,
    KEY product_images_product (product_id, position),
    CONSTRAINT product_images_product_fk FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The search document of each product: its titles in one column, every
-- other searchable text (descriptions, material, artisan, category) in the
-- other, so titles can weigh more in the ranking. Kept by the store in the
-- same transaction as the product.
CREATE TABLE product_search (
    product_id BIGINT NOT NULL PRIMARY KEY,
    title      TEXT   NOT NULL,
    body       TEXT   NOT NULL,
    FULLTEXT KEY product_search_title (title),
    FULLTEXT KEY product_search_all (title, body),
    CONSTRAINT product_search_product_fk FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE product_search;
DROP TABLE product_images;
DROP TABLE skus;
DROP TABLE products;
DROP TABLE artisans;
DROP TABLE categories;
