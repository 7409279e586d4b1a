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
    id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name          VARCHAR(200)  NOT NULL,
    city          VARCHAR(100)  NOT NULL DEFAULT '',
    address       VARCHAR(300)  NOT NULL DEFAULT '',
    phone         VARCHAR(60)   NOT NULL DEFAULT '',
    email         VARCHAR(254)  NOT NULL DEFAULT '',
    logo_key      VARCHAR(300)  NOT NULL DEFAULT '',
    letterhead    VARCHAR(500)  NOT NULL DEFAULT '',
    head_name     VARCHAR(200)  NOT NULL DEFAULT '',
    head_position VARCHAR(200)  NOT NULL DEFAULT '',
    number_scheme VARCHAR(100)  NOT NULL,
    bank_accounts VARCHAR(1100) NOT NULL DEFAULT '',
    commission_bp INT           NOT NULL DEFAULT 0,
    created_at    DATETIME(6)   NOT NULL,
    updated_at    DATETIME(6)   NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The last number a council gave a kind of document in a year: giving the
-- next one locks the row, so two documents never get the same number.
CREATE TABLE document_sequences (
    council_id  BIGINT      NOT NULL,
    kind        VARCHAR(20) NOT NULL,
    number_year INT         NOT NULL,
    last_number INT         NOT NULL DEFAULT 0,
    PRIMARY KEY (council_id, kind, number_year),
    CONSTRAINT document_sequences_council_fk FOREIGN KEY (council_id) REFERENCES councils (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A monev record's document number, given when it is verified, and who
-- locked it (its verifier and submitter are already kept).
ALTER TABLE monev_visits
    ADD COLUMN doc_number VARCHAR(100) NULL,
    ADD COLUMN locked_by  BIGINT       NOT NULL DEFAULT 0,
    ADD UNIQUE KEY monev_visits_doc_number (doc_number);

-- What a record's photo shows, printed under it in the record's document.
ALTER TABLE monev_attachments ADD COLUMN caption VARCHAR(200) NOT NULL DEFAULT '';

-- An officer's position (jabatan), printed where they sign.
ALTER TABLE users ADD COLUMN position VARCHAR(200) NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE users DROP COLUMN position;
ALTER TABLE monev_attachments DROP COLUMN caption;
ALTER TABLE monev_visits
    DROP INDEX monev_visits_doc_number,
    DROP COLUMN locked_by,
    DROP COLUMN doc_number;
DROP TABLE document_sequences;
DROP TABLE councils;
