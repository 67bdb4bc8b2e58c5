-- Schema version 6: a summary per merged event, kept up to date as reports arrive
-- (store/src/clusters.rs). Listing an event read and merged every report of it; a story
-- reprinted a thousand times made a page of events cost tens of thousands of JSON records.
-- `state` holds what the merge rules need (the most precise date and place, how often each
-- actor is named, the lowest count); date_start and date_end are the merged date, against
-- which a new report is compared before it joins the event. Filled from the reports by the
-- store right after this migration.
CREATE TABLE event_clusters (
    id         INTEGER PRIMARY KEY,   -- the event: its first report's events.id
    reports    INTEGER NOT NULL,
    date_start TEXT,
    date_end   TEXT,
    state      TEXT NOT NULL          -- JSON
);

-- Nothing queries events by date, by type and date, or through the old merge index any more
-- (listings go through events_cluster, merging through events_place and event_merge_keys);
-- each cost a B-tree entry per report written.
DROP INDEX events_date;
DROP INDEX events_type;
DROP INDEX events_merge;
