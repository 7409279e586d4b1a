-- +goose Up
-- The supervision register beside the public profile.
ALTER TABLE artisans
    ADD COLUMN applicant_id     BIGINT       NULL,
    ADD COLUMN phone            VARCHAR(40)  NOT NULL DEFAULT '',
    ADD COLUMN whatsapp         VARCHAR(40)  NOT NULL DEFAULT '',
    ADD COLUMN street           VARCHAR(300) NOT NULL DEFAULT '',
    ADD COLUMN decree_number    VARCHAR(100) NOT NULL DEFAULT '',
    ADD COLUMN decree_date      DATETIME(6)  NULL,
    ADD COLUMN supervisor       VARCHAR(200) NOT NULL DEFAULT '',
    ADD COLUMN status_reason    VARCHAR(1000) NOT NULL DEFAULT '',
    ADD COLUMN vacation_from    DATETIME(6)  NULL,
    ADD COLUMN vacation_until   DATETIME(6)  NULL,
    ADD COLUMN vacation_message VARCHAR(500) NOT NULL DEFAULT '',
    ADD UNIQUE KEY artisans_applicant (applicant_id),
    ADD CONSTRAINT artisans_applicant_fk FOREIGN KEY (applicant_id) REFERENCES users (id);

CREATE TABLE artisan_status_history (
    id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    artisan_id  BIGINT        NOT NULL,
    from_status VARCHAR(30)   NOT NULL,
    to_status   VARCHAR(30)   NOT NULL,
    action      VARCHAR(30)   NOT NULL,
    reason      VARCHAR(1000) NOT NULL DEFAULT '',
    actor_id    BIGINT        NOT NULL,
    actor_name  VARCHAR(200)  NOT NULL DEFAULT '',
    created_at  DATETIME(6)   NOT NULL,
    KEY artisan_status_history_artisan (artisan_id, id),
    CONSTRAINT artisan_status_history_artisan_fk FOREIGN KEY (artisan_id) REFERENCES artisans (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE permits (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    artisan_id    BIGINT       NOT NULL,
    kind          VARCHAR(30)  NOT NULL,
    number        VARCHAR(100) NOT NULL DEFAULT '',
    issued_on     DATETIME(6)  NULL,
    expires_on    DATETIME(6)  NULL,
    document_key  VARCHAR(255) NOT NULL DEFAULT '',
    document_type VARCHAR(50)  NOT NULL DEFAULT '',
    created_at    DATETIME(6)  NOT NULL,
    KEY permits_artisan (artisan_id, kind),
    CONSTRAINT permits_artisan_fk FOREIGN KEY (artisan_id) REFERENCES artisans (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Listing details and curation.
ALTER TABLE products
    ADD COLUMN dimensions      VARCHAR(100)  NOT NULL DEFAULT '',
    ADD COLUMN processing_days INT           NOT NULL DEFAULT 0,
    ADD COLUMN review_reason   VARCHAR(1000) NOT NULL DEFAULT '',
    ADD COLUMN assisted_by     VARCHAR(200)  NOT NULL DEFAULT '',
    ADD COLUMN assisted_at     DATETIME(6)   NULL;

-- Changes to a live listing's title, prices or photos that wait for staff;
-- the listing keeps its current ones until approved.
CREATE TABLE listing_changes (
    id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    product_id  BIGINT        NOT NULL,
    proposal    MEDIUMTEXT    NOT NULL,
    status      VARCHAR(20)   NOT NULL DEFAULT 'pending',
    reason      VARCHAR(1000) NOT NULL DEFAULT '',
    decided_by  VARCHAR(200)  NOT NULL DEFAULT '',
    created_at  DATETIME(6)   NOT NULL,
    decided_at  DATETIME(6)   NULL,
    KEY listing_changes_status (status, id),
    KEY listing_changes_product (product_id, status),
    CONSTRAINT listing_changes_product_fk FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE listing_changes;
DROP TABLE permits;
DROP TABLE artisan_status_history;
ALTER TABLE products DROP COLUMN dimensions, DROP COLUMN processing_days, DROP COLUMN review_reason,
    DROP COLUMN assisted_by, DROP COLUMN assisted_at;
ALTER TABLE artisans DROP FOREIGN KEY artisans_applicant_fk, DROP INDEX artisans_applicant,
    DROP COLUMN applicant_id, DROP COLUMN phone, DROP COLUMN whatsapp, DROP COLUMN street,
    DROP COLUMN decree_number, DROP COLUMN decree_date, DROP COLUMN supervisor, DROP COLUMN status_reason,
    DROP COLUMN vacation_from, DROP COLUMN vacation_until, DROP COLUMN vacation_message;
