-- +goose Up
-- Ends every session of a user at once. A session keeps the epoch it was
-- signed in at, and is over when the user's has moved on: a password
-- change or reset, a deactivation.
ALTER TABLE users ADD COLUMN session_epoch BIGINT NOT NULL DEFAULT 0;

-- Counts of recent attempts (failed sign-ins of an account from a client,
-- sign-ups, reset e-mails), shared by every server process. key_hash is
-- the SHA-256 of the count's name, which holds e-mail and IP addresses.
-- hits start over after a quiet while; rows long quiet are deleted.
CREATE TABLE attempts (
    key_hash VARBINARY(32) NOT NULL PRIMARY KEY,
    hits     INT           NOT NULL,
    last_at  DATETIME(6)   NOT NULL,
    KEY attempts_last (last_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE attempts;
ALTER TABLE users DROP COLUMN session_epoch;
