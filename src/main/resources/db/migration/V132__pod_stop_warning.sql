-- Issue 21: the stop (idle or time_to_stop) its owner was last warned about, so each stop is
-- warned about once, whichever process runs the reconciler.
alter table pods add column stop_warned_ts timestamp with time zone;
