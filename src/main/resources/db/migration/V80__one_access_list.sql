-- One access list for every shared resource (pods, volumes, snapshots; templates and secrets next):
-- one level per user, keyed by the resource's kind, tenant and id. The grants of pods and of
-- volumes and snapshots move here unchanged. The list holds no foreign keys (it refers to several
-- tables): the features remove a resource's grants when they delete it.
create table permissions (
  kind         varchar(16)  not null,
  tenant       varchar(64)  not null,
  resource_id  varchar(128) not null,
  username     varchar(128) not null,
  level        varchar(8)   not null,
  primary key (kind, tenant, resource_id, username)
);

create index permissions_user_idx on permissions (kind, tenant, username);

insert into permissions (kind, tenant, resource_id, username, level)
  select 'pod', tenant, pod_id, username, level from pod_permissions;

insert into permissions (kind, tenant, resource_id, username, level)
  select kind, tenant, object_id, username, level from storage_permissions;

drop table pod_permissions;
drop table storage_permissions;
