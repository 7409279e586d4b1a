-- +goose Up
-- Issue 18: artisans are told about their orders, listings, stock,
-- payouts and monev records (package notify).
CREATE TABLE notifications (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    artisan_id BIGINT       NOT NULL,
    kind       VARCHAR(20)  NOT NULL,
    title      VARCHAR(300) NOT NULL,
    body       TEXT         NOT NULL,
    link       VARCHAR(300) NOT NULL DEFAULT '',
    mail       VARCHAR(10)  NOT NULL,
    created_at DATETIME(6)  NOT NULL,
    read_at    DATETIME(6)  NULL,
    CONSTRAINT notifications_artisan_fk FOREIGN KEY (artisan_id) REFERENCES artisans (id),
    INDEX notifications_artisan (artisan_id, id),
    -- The digest finds what waits for it without reading everything.
    INDEX notifications_mail (mail, created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- An artisan's choice per kind; a kind without a row takes its default.
CREATE TABLE notify_settings (
    artisan_id BIGINT      NOT NULL,
    kind       VARCHAR(20) NOT NULL,
    frequency  VARCHAR(10) NOT NULL,
    PRIMARY KEY (artisan_id, kind),
    CONSTRAINT notify_settings_artisan_fk FOREIGN KEY (artisan_id) REFERENCES artisans (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Tell the artisan when a SKU's stock falls to low_stock or under (0:
-- never), once until it is restocked above it.
ALTER TABLE skus ADD COLUMN low_stock INT NOT NULL DEFAULT 2 CHECK (low_stock >= 0);
ALTER TABLE skus ADD COLUMN low_stock_told BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE skus DROP COLUMN low_stock_told;
ALTER TABLE skus DROP COLUMN low_stock;
DROP TABLE notify_settings;
DROP TABLE notifications;
