-- The values of a pod's placeholders (pods:random, pods:value: generated secrets, values its owner gave,
-- defaults), resolved once when the pod is made and sealed with the site data key as its
-- credentials are; expanded only when its container is created.
create table pod_placeholders (
  tenant       varchar(64)   not null,
  pod_id       varchar(64)   not null,
  placeholder  varchar(200)  not null,
  value_enc    varchar(4096) not null,
  primary key (tenant, pod_id, placeholder),
  foreign key (tenant, pod_id) references pods (tenant, pod_id) on delete cascade
);
