-- A job whose work differs between processes (each sweeps its own BERTH_HOME's storage) runs every
-- instant once per scope; '' is the whole site, as before.
alter table job_runs add column scope varchar(64) default '' not null;
drop index job_runs_instant_idx;
create unique index job_runs_instant_idx on job_runs (job, scope, scheduled_for);
