-- +goose Up
-- Monev visit records. What the artisan reported and the constraints
-- found are kept as JSON documents: they are read and printed whole,
-- never queried by field. Measured is the stored copy of the sales figures
-- made at submission (NULL while a draft, whose figures are live).
CREATE TABLE monev_visits (
    id              BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
    artisan_id      BIGINT      NOT NULL,
    day             CHAR(10)    NOT NULL,
    kind            VARCHAR(20) NOT NULL,
    status          VARCHAR(20) NOT NULL DEFAULT 'draft',
    period_from     CHAR(10)    NOT NULL,
    period_to       CHAR(10)    NOT NULL,
    reported        MEDIUMTEXT  NOT NULL,
    constraints     MEDIUMTEXT  NOT NULL,
    recommendations TEXT        NOT NULL,
    measured        TEXT        NULL,
    created_by      VARCHAR(200) NOT NULL DEFAULT '',
    submitted_by    BIGINT      NOT NULL DEFAULT 0,
    submitted_at    DATETIME(6) NULL,
    verified_by     BIGINT      NOT NULL DEFAULT 0,
    verified_at     DATETIME(6) NULL,
    locked_at       DATETIME(6) NULL,
    created_at      DATETIME(6) NOT NULL,
    updated_at      DATETIME(6) NOT NULL,
    KEY monev_visits_day (day),
    KEY monev_visits_artisan (artisan_id, day),
    CONSTRAINT monev_visits_artisan_fk FOREIGN KEY (artisan_id) REFERENCES artisans (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The officers of a visit, so visits can be listed by officer.
CREATE TABLE monev_team (
    visit_id BIGINT      NOT NULL,
    user_id  BIGINT      NOT NULL,
    role     VARCHAR(20) NOT NULL,
    PRIMARY KEY (visit_id, user_id),
    KEY monev_team_user (user_id),
    CONSTRAINT monev_team_visit_fk FOREIGN KEY (visit_id) REFERENCES monev_visits (id) ON DELETE CASCADE,
    CONSTRAINT monev_team_user_fk FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Follow-ups live beyond the visit that opened them: they are carried into
-- the artisan's later visits until done or cancelled.
CREATE TABLE monev_follow_ups (
    id               BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    visit_id         BIGINT        NOT NULL,
    artisan_id       BIGINT        NOT NULL,
    action           VARCHAR(20)   NOT NULL,
    owner            VARCHAR(200)  NOT NULL,
    due_on           CHAR(10)      NOT NULL,
    status           VARCHAR(20)   NOT NULL DEFAULT 'open',
    note             VARCHAR(1000) NOT NULL DEFAULT '',
    updated_in_visit BIGINT        NOT NULL DEFAULT 0,
    closed_at        DATETIME(6)   NULL,
    created_at       DATETIME(6)   NOT NULL,
    KEY monev_follow_ups_artisan (artisan_id, status),
    KEY monev_follow_ups_due (status, due_on),
    CONSTRAINT monev_follow_ups_visit_fk FOREIGN KEY (visit_id) REFERENCES monev_visits (id),
    CONSTRAINT monev_follow_ups_artisan_fk FOREIGN KEY (artisan_id) REFERENCES artisans (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE monev_attachments (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    visit_id     BIGINT       NOT NULL,
    kind         VARCHAR(20)  NOT NULL,
    file_key     VARCHAR(300) NOT NULL,
    content_type VARCHAR(100) NOT NULL,
    name         VARCHAR(200) NOT NULL DEFAULT '',
    created_at   DATETIME(6)  NOT NULL,
    KEY monev_attachments_visit (visit_id),
    CONSTRAINT monev_attachments_visit_fk FOREIGN KEY (visit_id) REFERENCES monev_visits (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- +goose Down
DROP TABLE monev_attachments;
DROP TABLE monev_follow_ups;
DROP TABLE monev_team;
DROP TABLE monev_visits;
