-- +goose Up
-- Stand sales become receipts: any number per artisan and day (a second
-- entry used to replace the first), each one sale at a time of an event
-- day, paid one way, entered by someone. A correction or a void is a new
-- row that supersedes exactly the receipt it corrects (superseded_by, as
-- before); only rows with superseded_by NULL count.
--
-- Rows from before stay, each a receipt with its links: the old form
-- offered a second entry for a day as a correction of the first, and
-- nothing tells the two apart now, so the figures reported stay as they
-- were; staff re-enter a replaced entry that was really another sale.
ALTER TABLE exhibition_sales
    ADD COLUMN sold_at       DATETIME(6)  NULL,
    ADD COLUMN entered_by_id BIGINT       NOT NULL DEFAULT 0,
    ADD COLUMN reason        VARCHAR(500) NOT NULL DEFAULT '',
    ADD COLUMN voided        BOOLEAN      NOT NULL DEFAULT FALSE;
-- An old row knows its day, not its time: when it was entered, if that was
-- on the day (WITA), else noon of the day.
UPDATE exhibition_sales SET sold_at = CASE
    WHEN DATE(DATE_ADD(created_at, INTERVAL 8 HOUR)) = CAST(day AS DATE) THEN created_at
    ELSE TIMESTAMP(CAST(day AS DATE), '04:00:00') END;
ALTER TABLE exhibition_sales MODIFY sold_at DATETIME(6) NOT NULL;
-- An event's page and recap read its receipts by the index InnoDB keeps
-- for the foreign key to exhibitions (SQLite needs one of its own).

-- +goose Down
ALTER TABLE exhibition_sales
    DROP COLUMN voided,
    DROP COLUMN reason,
    DROP COLUMN entered_by_id,
    DROP COLUMN sold_at;
