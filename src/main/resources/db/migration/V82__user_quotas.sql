-- Per-user quotas that differ from the site's defaults (a null column takes the default). Each
-- user's row is also locked by every request that adds to what the user holds, so two requests
-- cannot both take the last room.
create table user_quotas (
  tenant        varchar(64)  not null,
  username      varchar(128) not null,
  pods          bigint,
  running_pods  bigint,
  tcp_ports     bigint,
  volume_mb     bigint,
  primary key (tenant, username)
);

-- what a user holds is counted by creator
create index pods_created_by_idx on pods (tenant, created_by);
create index volumes_created_by_idx on volumes (tenant, created_by);
