-- Which template tag a pod was started from (template_id, the tag's tag_timestamp) and, in
-- pod_fields, the fields its owner gave (JSON): a restart with grab_latest_template_tag lays them
-- over the newest tag again, and GET .../derived shows which field came from where. No foreign key
-- to templates: an archived template may be deleted while pods that came from it live on.
create table pod_template_origins (
  tenant         varchar(64)  not null,
  pod_id         varchar(64)  not null,
  template_id    varchar(64)  not null,
  reference      varchar(200) not null,
  tag_timestamp  varchar(96)  not null,
  pod_fields     text         not null,
  primary key (tenant, pod_id),
  foreign key (tenant, pod_id) references pods (tenant, pod_id) on delete cascade
);

create index pod_template_origins_template_idx on pod_template_origins (template_id);
