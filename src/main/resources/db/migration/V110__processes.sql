-- OGC API - Processes: processes users deployed (built-in ones live in code) and their jobs.
-- JSON-shaped fields are stored as text so the same migration runs on H2 and PostgreSQL.
create table processes (
  tenant        varchar(64)  not null,
  process_id    varchar(64)  not null,
  version       varchar(64)  not null,
  owner         varchar(128) not null,
  description   text         not null,
  unit          text         not null,
  package_type  varchar(16)  not null,
  creation_ts   timestamp with time zone not null,
  update_ts     timestamp with time zone not null,
  primary key (tenant, process_id)
);

-- A job: desired state (dismiss_requested) written by the API, its phase and results by the job
-- reconciler. The process is copied in at submission, so replacing or undeploying it never
-- changes a job that was already asked for.
create table process_jobs (
  job_id             varchar(64)   not null primary key,
  tenant             varchar(64)   not null,
  owner              varchar(128)  not null,
  process_id         varchar(64)   not null,
  process            text          not null,
  request            text          not null,
  phase              varchar(16)   not null,
  dismiss_requested  boolean       not null default false,
  message            varchar(2048),
  failure            varchar(64),
  output_volume      varchar(64)   not null,
  image_digest       varchar(512),
  exit_code          integer,
  results            text,
  log                text,
  timeout_seconds    integer       not null,
  creation_ts        timestamp with time zone not null,
  started_ts         timestamp with time zone,
  finished_ts        timestamp with time zone,
  update_ts          timestamp with time zone not null
);

create index process_jobs_owner_idx on process_jobs (tenant, owner, creation_ts);
create index process_jobs_phase_idx on process_jobs (phase, creation_ts);
