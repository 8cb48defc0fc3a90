-- Issue 21: when the proxy last saw traffic to or from a pod (flushed periodically by every
-- proxy process; only ever moved forward), so idle pods can be told apart after any restart.
alter table pods add column last_activity_ts timestamp with time zone;
