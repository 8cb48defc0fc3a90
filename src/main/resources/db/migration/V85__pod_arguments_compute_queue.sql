-- Issue 17's pod fields: the arguments given to the container (after its command, or to the
-- image's entrypoint) and the site's named resource profile the pod's resources come from.
alter table pods add column arguments text not null default '[]';
alter table pods add column compute_queue varchar(64) not null default 'default';
