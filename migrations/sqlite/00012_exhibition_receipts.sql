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
ALTER TABLE exhibition_sales ADD COLUMN sold_at DATETIME;
ALTER TABLE exhibition_sales ADD COLUMN entered_by_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE exhibition_sales ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE exhibition_sales ADD COLUMN voided INTEGER NOT NULL DEFAULT 0;
-- An old row knows its day, not its time: when it was entered, if that was
-- on the day (WITA), else noon of the day.
UPDATE exhibition_sales SET sold_at = CASE
    WHEN date(created_at, '+8 hours') = day THEN created_at
    ELSE day || ' 04:00:00+00:00' END;
-- An event's page and recap read its receipts.
CREATE INDEX exhibition_sales_exhibition ON exhibition_sales (exhibition_id, artisan_id);

-- +goose Down
DROP INDEX exhibition_sales_exhibition;
ALTER TABLE exhibition_sales DROP COLUMN voided;
ALTER TABLE exhibition_sales DROP COLUMN reason;
ALTER TABLE exhibition_sales DROP COLUMN entered_by_id;
ALTER TABLE exhibition_sales DROP COLUMN sold_at;
