-- +goose Up
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT     NOT NULL UNIQUE,
    name          TEXT     NOT NULL DEFAULT '',
    password_hash TEXT     NOT NULL,
    role          TEXT     NOT NULL,
    artisan_id    INTEGER  REFERENCES artisans (id),
    lang          TEXT     NOT NULL DEFAULT 'id',
    active        INTEGER  NOT NULL DEFAULT 1,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);
CREATE INDEX users_role ON users (role, email);

-- Secrets handed to users (reset links, API tokens), stored as SHA-256.
-- ended_at: when a reset link was used or an API token revoked.
CREATE TABLE tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT     NOT NULL,
    hash       BLOB     NOT NULL UNIQUE,
    name       TEXT     NOT NULL DEFAULT '',
    expires_at DATETIME NOT NULL,
    ended_at   DATETIME,
    created_at DATETIME NOT NULL
);
CREATE INDEX tokens_user ON tokens (user_id, purpose);

-- Server-side sessions (the scs session manager's store).
CREATE TABLE sessions (
    token  TEXT     NOT NULL PRIMARY KEY,
    data   BLOB     NOT NULL,
    expiry DATETIME NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    actor_id    INTEGER  NOT NULL,
    actor_email TEXT     NOT NULL,
    action      TEXT     NOT NULL,
    object_type TEXT     NOT NULL DEFAULT '',
    object_id   TEXT     NOT NULL DEFAULT '',
    details     TEXT     NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL
);
CREATE INDEX audit_log_created ON audit_log (created_at);
CREATE INDEX audit_log_action ON audit_log (action, created_at);

-- E-mail waiting to be sent; a worker sends and retries with backoff.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    recipient       TEXT     NOT NULL,
    subject         TEXT     NOT NULL,
    body            TEXT     NOT NULL,
    attempts        INTEGER  NOT NULL DEFAULT 0,
    next_attempt_at DATETIME NOT NULL,
    sent_at         DATETIME,
    last_error      TEXT     NOT NULL DEFAULT '',
    created_at      DATETIME NOT NULL
);
CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at);

-- +goose Down
DROP TABLE outbox;
DROP TABLE audit_log;
DROP TABLE sessions;
DROP TABLE tokens;
DROP TABLE users;
