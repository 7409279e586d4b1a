-- +goose Up
-- Issue 18: a listing's sale — each SKU's sale price, and the days the
-- sale runs (sale_from inclusive, sale_until exclusive: the start of the
-- day after its last, in Bali).
ALTER TABLE skus ADD COLUMN sale_price INTEGER NOT NULL DEFAULT 0 CHECK (sale_price >= 0);
ALTER TABLE products ADD COLUMN sale_from DATETIME;
ALTER TABLE products ADD COLUMN sale_until DATETIME;

-- +goose Down
ALTER TABLE products DROP COLUMN sale_until;
ALTER TABLE products DROP COLUMN sale_from;
ALTER TABLE skus DROP COLUMN sale_price;
