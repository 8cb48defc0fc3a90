-- Storage belongs to one object's life, not to a name (issue 14, items 3 and 5).
-- A pod gets a uid at creation; its data storage is pod-<tenant>-<uid>-data<n>. Volumes and
-- snapshots record the storage id they were given. Rows made before keep the storage they have:
-- a pod's uid is its pod_id (its storage was named pod-<tenant>-<pod_id>-data<n>) and a volume's
-- or snapshot's storage id is the name it was stored under.
alter table pods add column uid varchar(64);
update pods set uid = pod_id;
alter table pods alter column uid set not null;

-- The reconciler deletes the data of the pod's life that was deleted, not of a later pod.
alter table pod_deletions add column pod_uid varchar(64);
update pod_deletions set pod_uid = pod_id;
alter table pod_deletions alter column pod_uid set not null;

alter table volumes add column storage_id varchar(255);
update volumes set storage_id = 'vol-' || tenant || '-' || volume_id;
alter table volumes alter column storage_id set not null;
create unique index volumes_storage_id_idx on volumes (storage_id);

alter table snapshots add column storage_id varchar(255);
update snapshots set storage_id = 'snap-' || tenant || '-' || snapshot_id;
alter table snapshots alter column storage_id set not null;
create unique index snapshots_storage_id_idx on snapshots (storage_id);
