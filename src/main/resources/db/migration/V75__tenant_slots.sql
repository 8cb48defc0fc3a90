-- One number per tenant, given on first use and kept: the Docker/Podman adapter maps each
-- tenant's pods to its own range of host user ids from it (user namespaces).
create table tenant_slots (
  tenant varchar(64) not null primary key,
  slot   integer     not null unique
);
