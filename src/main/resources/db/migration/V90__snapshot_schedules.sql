-- Snapshot schedules (Tapis's snapshot cron and retention_policy): a snapshot with a cron is also
-- a schedule; the scheduled-snapshots job takes a copy of its source at each due instant. The row
-- is the lock: a process takes a run only by moving next_run_ts on from the value it read.
create table snapshot_schedules (
  tenant            varchar(64)  not null,
  snapshot_id       varchar(64)  not null,
  cron              varchar(255) not null,
  retention_policy  varchar(255) not null default '',
  next_run_ts       timestamp with time zone not null,
  primary key (tenant, snapshot_id)
);

create index snapshot_schedules_due_idx on snapshot_schedules (next_run_ts);

-- The schedule a copy was taken by (null for snapshots taken by hand): retention prunes only these.
alter table snapshots add column scheduled_from varchar(64);

create index snapshots_scheduled_from_idx on snapshots (tenant, scheduled_from);
