package io.berth.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.auth.Caller;
import io.berth.permissions.AccessList;
import io.berth.permissions.PermissionGrant;
import io.berth.permissions.Permissions;
import io.berth.permissions.Resource;
import io.berth.runtime.PodKey;
import io.berth.templates.Resources;
import io.berth.testing.MemoryDatabase;
import io.berth.testing.PodDefinitions;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The start check without Spring: a pod's mounts stand on its mount authority's rights as they are
 * at each start, not as they were when the pod was made.
 */
class MountRightsTest {
  final Caller alice = new Caller("t1", "alice", Set.of());
  final Caller bob = new Caller("t1", "bob", Set.of());
  final Caller admin = new Caller("t1", "carol", Set.of(Caller.ADMIN_ROLE));
  JdbcClient jdbc;
  Permissions permissions;
  MountAuthority authority;
  MountRights rights;

  @BeforeEach
  void setUp() {
    jdbc = MemoryDatabase.migrated();
    permissions = new Permissions(new AccessList(jdbc));
    authority = new MountAuthority(jdbc);
    rights = new MountRights(authority, permissions);
    insertVolume("vol");
    permissions.created(Resource.volume("t1", "vol"), "alice");
    OffsetDateTime now = OffsetDateTime.now();
    jdbc.sql(
            "insert into snapshots (tenant, snapshot_id, source_volume_id, source_volume_path,"
                + " destination_path, size_limit, size_bytes, status, creation_ts, update_ts,"
                + " created_by, storage_id) values ('t1', 'snap', 'vol', '', '', 1, 0, 'AVAILABLE', ?,"
                + " ?, 'alice', 'snap-t1-snap')")
        .params(now, now)
        .update();
    permissions.created(Resource.snapshot("t1", "snap"), "alice");
  }

  @Test
  void revokingTheAuthorityStopsTheNextStart() {
    permissions.grant(alice, Resource.volume("t1", "vol"), new PermissionGrant("bob", "USER"));
    Pod pod = pod("bobpod", "bob", Map.of("vol", volume()));
    authority.set("t1", "bobpod", bob);
    assertThat(rights.refusal(pod)).isEmpty();

    permissions.grant(alice, Resource.volume("t1", "vol"), new PermissionGrant("bob", "READ"));
    assertThat(rights.refusal(pod))
        .hasValueSatisfying(reason ->
            assertThat(reason)
                .startsWith("volume_mounts.vol: user bob")
                .contains("no longer holds USER on it (needed to mount a tapisvolume)"));
    permissions.revoke(alice, Resource.volume("t1", "vol"), "bob");
    assertThat(rights.refusal(pod)).isPresent();
  }

  @Test
  void theAuthorityIsWhoeverLastSetTheMountsNotTheCreator() {
    Pod pod = pod("alicepod", "alice", Map.of("vol", volume()));
    authority.set("t1", "alicepod", alice);
    assertThat(rights.refusal(pod)).isEmpty();
    authority.set("t1", "alicepod", bob);
    assertThat(rights.refusal(pod)).hasValueSatisfying(r -> assertThat(r).contains("user bob"));
    // a pod with no recorded authority stands on its creator's
    assertThat(rights.refusal(pod("oldpod", "alice", Map.of("vol", volume())))).isEmpty();
  }

  @Test
  void snapshotsNeedReadAndTenantAdminsHoldWhatExists() {
    Pod pod = pod("snappod", "bob", Map.of("snap", new VolumeMount("tapissnapshot", "/s", "")));
    authority.set("t1", "snappod", bob);
    assertThat(rights.refusal(pod)).hasValueSatisfying(r -> assertThat(r).contains("READ"));
    permissions.grant(alice, Resource.snapshot("t1", "snap"), new PermissionGrant("bob", "READ"));
    assertThat(rights.refusal(pod)).isEmpty();

    Pod adminPod = pod("adminpod", "carol", Map.of("vol", volume(), "gone", volume()));
    authority.set("t1", "adminpod", admin);
    assertThat(rights.refusal(adminPod))
        .hasValueSatisfying(r -> assertThat(r).startsWith("volume_mounts.gone: user carol"));
  }

  @Test
  void aVolumeRecreatedUnderAnOldNameIsNotTheOldOnesForItsOldPods() {
    permissions.grant(alice, Resource.volume("t1", "vol"), new PermissionGrant("bob", "ADMIN"));
    Pod pod = pod("bobpod", "bob", Map.of("vol", volume()));
    authority.set("t1", "bobpod", bob);
    assertThat(rights.refusal(pod)).isEmpty();
    // deleted and made again by alice: bob's grant does not carry over
    permissions.deleted(Resource.volume("t1", "vol"));
    permissions.created(Resource.volume("t1", "vol"), "alice");
    assertThat(rights.refusal(pod)).isPresent();
  }

  @Test
  void mountChangesTellAddedFromKept() {
    Map<String, VolumeMount> before = Map.of("vol", volume(), "snap", volume());
    Map<String, VolumeMount> after =
        Map.of(
            "vol", volume(), "snap", new VolumeMount("tapissnapshot", "/s", ""), "new", volume());
    assertThat(MountChange.added(before, after)).containsOnlyKeys("snap", "new");
    assertThat(MountChange.kept(before, after)).containsOnlyKeys("vol");
    assertThat(MountChange.runsOrMounts(List.of("description", "command"))).isTrue();
    assertThat(MountChange.runsOrMounts(List.of("description", "networking"))).isFalse();
  }

  VolumeMount volume() {
    return new VolumeMount("tapisvolume", "/data", "");
  }

  void insertVolume(String id) {
    OffsetDateTime now = OffsetDateTime.now();
    jdbc.sql(
            "insert into volumes (tenant, volume_id, size_limit, status, creation_ts, update_ts,"
                + " created_by, storage_id) values ('t1', ?, 1, 'AVAILABLE', ?, ?, 'alice', ?)")
        .params(id, now, now, "vol-t1-" + id)
        .update();
  }

  Pod pod(String id, String creator, Map<String, VolumeMount> mounts) {
    Instant now = Instant.now();
    Pod pod =
        new Pod(
            new PodKey("t1", id),
            PodDefinitions.of("localhost/x:1")
                .resources(new Resources(null, null, null, null, null))
                .mounts(mounts)
                .timeToStopDefault(-1)
                .build(),
            StatusRequested.ON,
            PodObserved.REQUESTED,
            1,
            now,
            now,
            creator,
            id);
    jdbc.sql(
            "insert into pods (tenant, pod_id, pod_template, image, command,"
                + " environment_variables, networking, resources, volume_mounts,"
                + " time_to_stop_default, status_requested, status, status_container, generation,"
                + " creation_ts, update_ts, created_by, uid) values ('t1', ?, 'x', 'x', '[]', '{}',"
                + " '{}', '{}', '{}', -1, 'ON', 'REQUESTED', '{}', 1, ?, ?, ?, ?)")
        .params(id, OffsetDateTime.now(), OffsetDateTime.now(), creator, id)
        .update();
    return pod;
  }
}
