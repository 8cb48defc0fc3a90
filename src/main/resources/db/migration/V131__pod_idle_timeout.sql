-- Issue 21: a pod idle (no traffic through the proxy) longer than idle_timeout seconds is stopped
-- (-1: never); stop_reason says why Berth stopped it ('idle', 'time_to_stop'), cleared on start.
alter table pods add column idle_timeout integer not null default -1;
alter table pods add column stop_reason varchar(32);
