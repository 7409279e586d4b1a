-- +goose Up
-- The home page's picks, newest first, without walking every product.
CREATE INDEX products_featured ON products (status, featured, created_at);

-- +goose Down
DROP INDEX products_featured;
