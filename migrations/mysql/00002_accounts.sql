-- +goose Up
CREATE TABLE users (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    email         VARCHAR(254) NOT NULL UNIQUE,
    name          VARCHAR(200) NOT NULL DEFAULT '',
    password_hash VARCHAR(255) NOT NULL,
    role          VARCHAR(20)  NOT NULL,
    artisan_id    BIGINT       NULL,
    lang          VARCHAR(5)   NOT NULL DEFAULT 'id',
    active        BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at    DATETIME(6)  NOT NULL,
    updated_at    DATETIME(6)  NOT NULL,
    KEY users_role (role, email),
    CONSTRAINT users_artisan_fk FOREIGN KEY (artisan_id) REFERENCES artisans (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Secrets handed to users (reset links, API tokens), stored as SHA-256.
-- ended_at: when a reset link was used or an API token revoked.
CREATE TABLE tokens (
    id         BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    user_id    BIGINT       NOT NULL,
    purpose    VARCHAR(20)  NOT NULL,
    hash       VARBINARY(32) NOT NULL UNIQUE,
    name       VARCHAR(100) NOT NULL DEFAULT '',
    expires_at DATETIME(6)  NOT NULL,
    ended_at   DATETIME(6)  NULL,
    created_at DATETIME(6)  NOT NULL,
    KEY tokens_user (user_id, purpose),
    CONSTRAINT tokens_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Server-side sessions (the scs session manager's store).
CREATE TABLE sessions (
    token  VARCHAR(64) NOT NULL PRIMARY KEY,
    data   MEDIUMBLOB  NOT NULL,
    expiry DATETIME(6) NOT NULL,
    KEY sessions_expiry (expiry)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE audit_log (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    actor_id    BIGINT       NOT NULL,
    actor_email VARCHAR(254) NOT NULL,
    action      VARCHAR(64)  NOT NULL,
    object_type VARCHAR(64)  NOT NULL DEFAULT '',
    object_id   VARCHAR(64)  NOT NULL DEFAULT '',
    details     TEXT         NOT NULL,
    created_at  DATETIME(6)  NOT NULL,
    KEY audit_log_created (created_at),
    KEY audit_log_action (action, created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- E-mail waiting to be sent; a worker sends and retries with backoff.
CREATE TABLE outbox (
    id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    recipient       VARCHAR(254) NOT NULL,
    subject         VARCHAR(300) NOT NULL,
    body            TEXT         NOT NULL,
    attempts        INT          NOT NULL DEFAULT 0,
    next_attempt_at DATETIME(6)  NOT NULL,
    sent_at         DATETIME(6)  NULL,
    last_error      TEXT         NOT NULL,
    created_at      DATETIME(6)  NOT NULL,
    KEY outbox_due (sent_at, next_attempt_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE outbox;
DROP TABLE audit_log;
DROP TABLE sessions;
DROP TABLE tokens;
DROP TABLE users;
