-- +goose Up
-- Issue 18: artisans are told about their orders, listings, stock,
-- payouts and monev records (package notify).
CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    artisan_id INTEGER  NOT NULL REFERENCES artisans (id),
    kind       TEXT     NOT NULL,
    title      TEXT     NOT NULL,
    body       TEXT     NOT NULL,
    link       TEXT     NOT NULL DEFAULT '',
    mail       TEXT     NOT NULL,
    created_at DATETIME NOT NULL,
    read_at    DATETIME
);
CREATE INDEX notifications_artisan ON notifications (artisan_id, id);
-- The digest finds what waits for it without reading everything.
CREATE INDEX notifications_mail ON notifications (mail, created_at);

-- An artisan's choice per kind; a kind without a row takes its default.
CREATE TABLE notify_settings (
    artisan_id INTEGER NOT NULL REFERENCES artisans (id),
    kind       TEXT    NOT NULL,
    frequency  TEXT    NOT NULL,
    PRIMARY KEY (artisan_id, kind)
);

-- Tell the artisan when a SKU's stock falls to low_stock or under (0:
-- never), once until it is restocked above it.
ALTER TABLE skus ADD COLUMN low_stock INTEGER NOT NULL DEFAULT 2 CHECK (low_stock >= 0);
ALTER TABLE skus ADD COLUMN low_stock_told INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE skus DROP COLUMN low_stock_told;
ALTER TABLE skus DROP COLUMN low_stock;
DROP TABLE notify_settings;
DROP INDEX notifications_mail;
DROP INDEX notifications_artisan;
DROP TABLE notifications;
