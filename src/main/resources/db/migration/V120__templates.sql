-- Templates as API objects (Tapis's templates): one namespace for the whole site, as in Tapis, so a
-- template id names one template whichever tenant asks. tenant is the owning tenant (its admins
-- hold ADMIN; grants are kept in permissions under kind 'template'). site_file is set for the
-- site templates imported from files at start.
create table templates (
  template_id      varchar(64)   not null primary key,
  tenant           varchar(64)   not null,
  description      varchar(255)  not null default '',
  metatags         text          not null,
  archive_message  varchar(1024) not null default '',
  owner            varchar(128)  not null,
  site_file        varchar(512),
  creation_ts      timestamp with time zone not null,
  update_ts        timestamp with time zone not null
);

create unique index templates_tenant_idx on templates (tenant, template_id);

-- Immutable versions of a template's pod definition. seq orders them (the newest is `latest`);
-- tag_timestamp (tag@yyyy-MM-dd-HH:mm:ss) names one exactly. source_digest is the digest of the
-- site file a tag was imported from, so a restart with unchanged files adds nothing.
create table template_tags (
  template_id     varchar(64)   not null,
  seq             integer       not null,
  tag             varchar(64)   not null,
  tag_timestamp   varchar(96)   not null,
  pod_definition  text          not null,
  commit_message  varchar(1024) not null default '',
  added_by        varchar(128)  not null,
  source_digest   varchar(64),
  creation_ts     timestamp with time zone not null,
  primary key (template_id, seq),
  unique (template_id, tag_timestamp),
  foreign key (template_id) references templates (template_id) on delete cascade
);

create index template_tags_tag_idx on template_tags (template_id, tag);
