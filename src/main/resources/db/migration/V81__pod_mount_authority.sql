-- On whose authority a pod's volume and snapshot mounts stand: the user who last set what the pod
-- runs or mounts (and whether they were a tenant admin then). The reconciler checks at every start
-- that this user still holds the mount level on each volume (USER) and snapshot (READ). Existing
-- pods stand on their creator's authority.
create table pod_mount_authority (
  tenant        varchar(64)  not null,
  pod_id        varchar(64)  not null,
  username      varchar(128) not null,
  tenant_admin  boolean      not null default false,
  primary key (tenant, pod_id),
  foreign key (tenant, pod_id) references pods (tenant, pod_id) on delete cascade
);

insert into pod_mount_authority (tenant, pod_id, username, tenant_admin)
  select tenant, pod_id, created_by, false from pods;
