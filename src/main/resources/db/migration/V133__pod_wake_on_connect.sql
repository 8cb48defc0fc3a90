-- Issue 21: a pod with wake_on_connect is started again by the first request or connection to its
-- URL however it was stopped (a pod stopped for idleness, stop_reason 'idle', wakes anyway).
alter table pods add column wake_on_connect boolean default false not null;
