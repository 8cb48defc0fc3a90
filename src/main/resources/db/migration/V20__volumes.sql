-- Volumes: shared storage several pods can mount and users can upload to.
create table volumes (
  tenant       varchar(64)  not null,
  volume_id    varchar(64)  not null,
  description  varchar(255) not null default '',
  size_limit   integer      not null,
  status       varchar(32)  not null,
  creation_ts  timestamp with time zone not null,
  update_ts    timestamp with time zone not null,
  created_by   varchar(128) not null,
  primary key (tenant, volume_id)
);

-- Snapshots: point-in-time copies of (a path of) a volume, mounted read-only.
create table snapshots (
  tenant              varchar(64)   not null,
  snapshot_id         varchar(64)   not null,
  source_volume_id    varchar(64)   not null,
  source_volume_path  varchar(1024) not null,
  destination_path    varchar(1024) not null,
  description         varchar(255)  not null default '',
  size_limit          integer       not null,
  size_bytes          bigint        not null,
  status              varchar(32)   not null,
  creation_ts         timestamp with time zone not null,
  update_ts           timestamp with time zone not null,
  created_by          varchar(128)  not null,
  primary key (tenant, snapshot_id)
);

-- Permissions on volumes and snapshots, as for pods: one level per user.
create table storage_permissions (
  kind       varchar(16)  not null,
  tenant     varchar(64)  not null,
  object_id  varchar(64)  not null,
  username   varchar(128) not null,
  level      varchar(8)   not null,
  primary key (kind, tenant, object_id, username)
);

create index storage_permissions_user_idx on storage_permissions (kind, tenant, username);
