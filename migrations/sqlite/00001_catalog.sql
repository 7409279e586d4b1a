-- +goose Up
CREATE TABLE categories (
    id       INTEGER PRIMARY KEY,
    slug     TEXT    NOT NULL UNIQUE,
    name_id  TEXT    NOT NULL,
    name_en  TEXT    NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE artisans (
    id             INTEGER PRIMARY KEY,
    slug           TEXT     NOT NULL UNIQUE,
    name           TEXT     NOT NULL,
    owner          TEXT     NOT NULL DEFAULT '',
    category_id    INTEGER  NOT NULL REFERENCES categories (id),
    kecamatan_code TEXT     NOT NULL DEFAULT '',
    kelurahan_code TEXT     NOT NULL DEFAULT '',
    story_id       TEXT     NOT NULL DEFAULT '',
    story_en       TEXT     NOT NULL DEFAULT '',
    photo_key      TEXT     NOT NULL DEFAULT '',
    featured       INTEGER  NOT NULL DEFAULT 0,
    status         TEXT     NOT NULL DEFAULT 'active',
    since          INTEGER  NOT NULL DEFAULT 0,
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL
);
CREATE INDEX artisans_status ON artisans (status, name);

CREATE TABLE products (
    id             INTEGER PRIMARY KEY,
    slug           TEXT     NOT NULL UNIQUE,
    artisan_id     INTEGER  NOT NULL REFERENCES artisans (id),
    category_id    INTEGER  NOT NULL REFERENCES categories (id),
    title_id       TEXT     NOT NULL,
    title_en       TEXT     NOT NULL DEFAULT '',
    description_id TEXT     NOT NULL DEFAULT '',
    description_en TEXT     NOT NULL DEFAULT '',
    material_id    TEXT     NOT NULL DEFAULT '',
    material_en    TEXT     NOT NULL DEFAULT '',
    weight_grams   INTEGER  NOT NULL DEFAULT 0,
    status         TEXT     NOT NULL DEFAULT 'draft',
    featured       INTEGER  NOT NULL DEFAULT 0,
    price_from     INTEGER  NOT NULL DEFAULT 0,
    created_at     DATETIME NOT NULL,
    updated_at     DATETIME NOT NULL
);
CREATE INDEX products_status_created ON products (status, created_at);
CREATE INDEX products_status_price ON products (status, price_from);
CREATE INDEX products_artisan ON products (artisan_id, status);
CREATE INDEX products_category ON products (category_id, status);

CREATE TABLE skus (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    code       TEXT    NOT NULL UNIQUE,
    label      TEXT    NOT NULL DEFAULT '',
    price      INTEGER NOT NULL CHECK (price >= 0),
    stock      INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
    position   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX skus_product ON skus (product_id, position);

CREATE TABLE product_images (
    id         INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL DEFAULT 0,
    key        TEXT    NOT NULL,
    width      INTEGER NOT NULL DEFAULT 0,
    height     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX product_images_product ON product_images (product_id, position);

-- The search document of each product: its titles in one column, every
-- other searchable text (descriptions, material, artisan, category) in the
-- other, so titles can weigh more in the ranking. Kept by the store in the
-- same transaction as the product.
CREATE VIRTUAL TABLE product_search USING fts5 (
    product_id UNINDEXED,
    title,
    body,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- +goose Down
DROP TABLE product_search;
DROP TABLE product_images;
DROP TABLE skus;
DROP TABLE products;
DROP TABLE artisans;
DROP TABLE categories;
