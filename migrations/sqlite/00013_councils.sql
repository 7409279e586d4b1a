-- +goose Up
-- The council that runs the marketplace, set up by its admins on
-- /admin/council instead of in environment variables: its name and
-- letterhead, who signs its documents, how they are numbered, the bank
-- accounts buyers transfer to and its commission. One row for now, the
-- marketplace's own council (council.Home), created at the first start
-- from KRIYA_BANK_ACCOUNT and KRIYA_COMMISSION_PERCENT; councils become a
-- tree (city → province → national) of such rows later. Letterhead lines
-- and bank accounts are one a line.
CREATE TABLE councils (
    id            INTEGER PRIMARY KEY,
    name          TEXT     NOT NULL,
    city          TEXT     NOT NULL DEFAULT '',
    address       TEXT     NOT NULL DEFAULT '',
    phone         TEXT     NOT NULL DEFAULT '',
    email         TEXT     NOT NULL DEFAULT '',
    logo_key      TEXT     NOT NULL DEFAULT '',
    letterhead    TEXT     NOT NULL DEFAULT '',
    head_name     TEXT     NOT NULL DEFAULT '',
    head_position TEXT     NOT NULL DEFAULT '',
    number_scheme TEXT     NOT NULL,
    bank_accounts TEXT     NOT NULL DEFAULT '',
    commission_bp INTEGER  NOT NULL DEFAULT 0,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);

-- The last number a council gave a kind of document in a year: giving the
-- next one locks the row, so two documents never get the same number.
CREATE TABLE document_sequences (
    council_id  INTEGER NOT NULL REFERENCES councils (id),
    kind        TEXT    NOT NULL,
    number_year INTEGER NOT NULL,
    last_number INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (council_id, kind, number_year)
);

-- A monev record's document number, given when it is verified, and who
-- locked it (its verifier and submitter are already kept).
ALTER TABLE monev_visits ADD COLUMN doc_number TEXT;
ALTER TABLE monev_visits ADD COLUMN locked_by INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX monev_visits_doc_number ON monev_visits (doc_number);

-- What a record's photo shows, printed under it in the record's document.
ALTER TABLE monev_attachments ADD COLUMN caption TEXT NOT NULL DEFAULT '';

-- An officer's position (jabatan), printed where they sign.
ALTER TABLE users ADD COLUMN position TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE users DROP COLUMN position;
ALTER TABLE monev_attachments DROP COLUMN caption;
DROP INDEX monev_visits_doc_number;
ALTER TABLE monev_visits DROP COLUMN locked_by;
ALTER TABLE monev_visits DROP COLUMN doc_number;
DROP TABLE document_sequences;
DROP TABLE councils;
