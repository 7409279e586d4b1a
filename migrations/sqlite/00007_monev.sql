-- +goose Up
-- Monev visit records. What the artisan reported and the constraints
-- found are kept as JSON documents: they are read and printed whole,
-- never queried by field. Measured is the stored copy of the sales figures
-- made at submission (NULL while a draft, whose figures are live).
CREATE TABLE monev_visits (
    id              INTEGER PRIMARY KEY,
    artisan_id      INTEGER  NOT NULL REFERENCES artisans (id),
    day             TEXT     NOT NULL,
    kind            TEXT     NOT NULL,
    status          TEXT     NOT NULL DEFAULT 'draft',
    period_from     TEXT     NOT NULL,
    period_to       TEXT     NOT NULL,
    reported        TEXT     NOT NULL,
    constraints     TEXT     NOT NULL,
    recommendations TEXT     NOT NULL DEFAULT '',
    measured        TEXT,
    created_by      TEXT     NOT NULL DEFAULT '',
    submitted_by    INTEGER  NOT NULL DEFAULT 0,
    submitted_at    DATETIME,
    verified_by     INTEGER  NOT NULL DEFAULT 0,
    verified_at     DATETIME,
    locked_at       DATETIME,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL
);
CREATE INDEX monev_visits_day ON monev_visits (day);
CREATE INDEX monev_visits_artisan ON monev_visits (artisan_id, day);

-- The officers of a visit, so visits can be listed by officer.
CREATE TABLE monev_team (
    visit_id INTEGER NOT NULL REFERENCES monev_visits (id) ON DELETE CASCADE,
    user_id  INTEGER NOT NULL REFERENCES users (id),
    role     TEXT    NOT NULL,
    PRIMARY KEY (visit_id, user_id)
);
CREATE INDEX monev_team_user ON monev_team (user_id);

-- Follow-ups live beyond the visit that opened them: they are carried into
-- the artisan's later visits until done or cancelled.
CREATE TABLE monev_follow_ups (
    id               INTEGER PRIMARY KEY,
    visit_id         INTEGER  NOT NULL REFERENCES monev_visits (id),
    artisan_id       INTEGER  NOT NULL REFERENCES artisans (id),
    action           TEXT     NOT NULL,
    owner            TEXT     NOT NULL,
    due_on           TEXT     NOT NULL,
    status           TEXT     NOT NULL DEFAULT 'open',
    note             TEXT     NOT NULL DEFAULT '',
    updated_in_visit INTEGER  NOT NULL DEFAULT 0,
    closed_at        DATETIME,
    created_at       DATETIME NOT NULL
);
CREATE INDEX monev_follow_ups_artisan ON monev_follow_ups (artisan_id, status);
CREATE INDEX monev_follow_ups_due ON monev_follow_ups (status, due_on);

CREATE TABLE monev_attachments (
    id           INTEGER PRIMARY KEY,
    visit_id     INTEGER  NOT NULL REFERENCES monev_visits (id),
    kind         TEXT     NOT NULL,
    file_key     TEXT     NOT NULL,
    content_type TEXT     NOT NULL,
    name         TEXT     NOT NULL DEFAULT '',
    created_at   DATETIME NOT NULL
);
CREATE INDEX monev_attachments_visit ON monev_attachments (visit_id);

-- +goose Down
DROP TABLE monev_attachments;
DROP TABLE monev_follow_ups;
DROP TABLE monev_team;
DROP TABLE monev_visits;
