-- Ports on the proxy host given to tcp and postgres networking entries, stable for a pod's life.
create table tcp_ports (
  port            integer     not null primary key,
  tenant          varchar(64) not null,
  pod_id          varchar(64) not null,
  networking_key  varchar(32) not null,
  unique (tenant, pod_id, networking_key),
  foreign key (tenant, pod_id) references pods (tenant, pod_id) on delete cascade
);
