-- +goose Up
-- The supervision register beside the public profile.
ALTER TABLE artisans ADD COLUMN applicant_id INTEGER REFERENCES users (id);
ALTER TABLE artisans ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE artisans ADD COLUMN whatsapp TEXT NOT NULL DEFAULT '';
ALTER TABLE artisans ADD COLUMN street TEXT NOT NULL DEFAULT '';
ALTER TABLE artisans ADD COLUMN decree_number TEXT NOT NULL DEFAULT '';
ALTER TABLE artisans ADD COLUMN decree_date DATETIME;
ALTER TABLE artisans ADD COLUMN supervisor TEXT NOT NULL DEFAULT '';
ALTER TABLE artisans ADD COLUMN status_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE artisans ADD COLUMN vacation_from DATETIME;
ALTER TABLE artisans ADD COLUMN vacation_until DATETIME;
ALTER TABLE artisans ADD COLUMN vacation_message TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX artisans_applicant ON artisans (applicant_id);

CREATE TABLE artisan_status_history (
    id          INTEGER PRIMARY KEY,
    artisan_id  INTEGER  NOT NULL REFERENCES artisans (id),
    from_status TEXT     NOT NULL,
    to_status   TEXT     NOT NULL,
    action      TEXT     NOT NULL,
    reason      TEXT     NOT NULL DEFAULT '',
    actor_id    INTEGER  NOT NULL,
    actor_name  TEXT     NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL
);
CREATE INDEX artisan_status_history_artisan ON artisan_status_history (artisan_id, id);

CREATE TABLE permits (
    id            INTEGER PRIMARY KEY,
    artisan_id    INTEGER  NOT NULL REFERENCES artisans (id),
    kind          TEXT     NOT NULL,
    number        TEXT     NOT NULL DEFAULT '',
    issued_on     DATETIME,
    expires_on    DATETIME,
    document_key  TEXT     NOT NULL DEFAULT '',
    document_type TEXT     NOT NULL DEFAULT '',
    created_at    DATETIME NOT NULL
);
CREATE INDEX permits_artisan ON permits (artisan_id, kind);

-- Listing details and curation.
ALTER TABLE products ADD COLUMN dimensions TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN processing_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN review_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN assisted_by TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN assisted_at DATETIME;

-- Changes to a live listing's title, prices or photos that wait for staff;
-- the listing keeps its current ones until approved.
CREATE TABLE listing_changes (
    id          INTEGER PRIMARY KEY,
    product_id  INTEGER  NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    proposal    TEXT     NOT NULL,
    status      TEXT     NOT NULL DEFAULT 'pending',
    reason      TEXT     NOT NULL DEFAULT '',
    decided_by  TEXT     NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL,
    decided_at  DATETIME
);
CREATE INDEX listing_changes_status ON listing_changes (status, id);
CREATE INDEX listing_changes_product ON listing_changes (product_id, status);

-- +goose Down
-- SQLite cannot drop a column that a foreign key uses; the added columns
-- stay, harmless, when going down.
DROP TABLE listing_changes;
DROP TABLE permits;
DROP TABLE artisan_status_history;
