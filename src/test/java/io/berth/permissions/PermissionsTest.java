package io.berth.permissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.auth.Caller;
import io.berth.testing.MemoryDatabase;
import io.berth.web.ApiException;
import java.time.OffsetDateTime;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The permission rules on a real schema, without Spring: levels, 404/403, the last ADMIN. */
class PermissionsTest {
  final Caller alice = new Caller("t1", "alice", Set.of());
  final Caller bob = new Caller("t1", "bob", Set.of());
  final Caller admin = new Caller("t1", "carol", Set.of(Caller.ADMIN_ROLE));
  final Resource volume = Resource.volume("t1", "vol");

  JdbcClient jdbc;
  AccessList list;
  Permissions permissions;

  @BeforeEach
  void setUp() {
    jdbc = MemoryDatabase.migrated();
    list = new AccessList(jdbc);
    permissions = new Permissions(list);
    OffsetDateTime now = OffsetDateTime.now();
    jdbc.sql(
            "insert into volumes (tenant, volume_id, size_limit, status, creation_ts, update_ts,"
                + " created_by, storage_id) values ('t1', 'vol', 1, 'AVAILABLE', ?, ?, 'alice',"
                + " 'vol-t1-vol')")
        .params(now, now)
        .update();
    permissions.created(volume, "alice");
  }

  static HttpStatus status(Runnable call) {
    try {
      call.run();
      return HttpStatus.OK;
    } catch (ApiException e) {
      return e.status();
    }
  }

  @Test
  void nothingHeldIsNotFoundAndTooLittleIsForbidden() {
    assertThatThrownBy(() -> permissions.require(bob, volume, PermissionLevel.READ))
        .isInstanceOf(ApiException.class)
        .hasMessage("Volume vol not found.");
    permissions.grant(alice, volume, new PermissionGrant("bob", "read"));
    assertThat(permissions.require(bob, volume, PermissionLevel.READ))
        .isEqualTo(PermissionLevel.READ);
    assertThatThrownBy(() -> permissions.require(bob, volume, PermissionLevel.USER))
        .hasMessage("Volume vol needs USER permission for this; you have READ.")
        .extracting(e -> ((ApiException) e).status())
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(permissions.require(admin, volume, PermissionLevel.ADMIN))
        .isEqualTo(PermissionLevel.ADMIN);
  }

  @Test
  void theLastAdminCanBeNeitherLoweredNorRemoved() {
    assertThatThrownBy(() -> permissions.grant(alice, volume, new PermissionGrant("alice", "USER")))
        .hasMessage("User alice is the last ADMIN of volume vol and cannot be lowered.");
    assertThatThrownBy(() -> permissions.revoke(alice, volume, "alice"))
        .hasMessage("User alice is the last ADMIN of volume vol and cannot be removed.");
    permissions.grant(alice, volume, new PermissionGrant("bob", "ADMIN"));
    assertThat(permissions.grant(bob, volume, new PermissionGrant("alice", "USER")))
        .containsExactly("alice:USER", "bob:ADMIN");
    // alice lost ADMIN: she may no longer change permissions, and bob is now the last ADMIN
    assertThat(status(() -> permissions.revoke(alice, volume, "bob")))
        .isEqualTo(HttpStatus.FORBIDDEN);
    assertThat(status(() -> permissions.revoke(bob, volume, "bob"))).isEqualTo(HttpStatus.CONFLICT);
    assertThat(status(() -> permissions.revoke(bob, volume, "nobody")))
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void grantsAreValidatedAndRepeatedGrantsUpdateOneRow() {
    assertThat(status(() -> permissions.grant(alice, volume, null)))
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(status(() -> permissions.grant(alice, volume, new PermissionGrant("bob", "OWNER"))))
        .isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(status(() -> permissions.grant(bob, volume, new PermissionGrant("bob", "READ"))))
        .isEqualTo(HttpStatus.NOT_FOUND);
    permissions.grant(alice, volume, new PermissionGrant("bob", "READ"));
    permissions.grant(alice, volume, new PermissionGrant("bob", "USER"));
    assertThat(permissions.list(volume)).containsExactly("alice:ADMIN", "bob:USER");
    assertThat(permissions.visibleIds(bob, ResourceKind.VOLUME)).containsExactly("vol");
  }

  @Test
  void aRecreatedResourceStartsWithItsCreatorOnly() {
    permissions.grant(alice, volume, new PermissionGrant("bob", "USER"));
    permissions.created(volume, "dave");
    assertThat(permissions.list(volume)).containsExactly("dave:ADMIN");
    permissions.deleted(volume);
    assertThat(permissions.list(volume)).isEmpty();
  }

  @Test
  void kindsAndTenantsAreApart() {
    Resource pod = Resource.pod("t1", "vol");
    Resource otherTenant = Resource.volume("t2", "vol");
    assertThat(list.levelOf(pod, "alice")).isEmpty();
    assertThat(list.levelOf(otherTenant, "alice")).isEmpty();
    assertThat(
            status(() ->
                permissions.require(
                    new Caller("t2", "alice", Set.of()), otherTenant, PermissionLevel.READ)))
        .isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void aUserNotCallingHoldsByGrantOrAsRecordedTenantAdmin() {
    permissions.grant(alice, volume, new PermissionGrant("bob", "READ"));
    assertThat(permissions.holds("bob", false, volume, PermissionLevel.READ)).isTrue();
    assertThat(permissions.holds("bob", false, volume, PermissionLevel.USER)).isFalse();
    assertThat(permissions.holds("carol", true, volume, PermissionLevel.ADMIN)).isTrue();
    assertThat(
            permissions.holds("carol", true, Resource.volume("t1", "gone"), PermissionLevel.READ))
        .isFalse();
  }

  @Test
  void lockingAMissingResourceIsNotFound() {
    Resource gone = Resource.volume("t1", "gone");
    permissions.created(gone, "alice");
    assertThatThrownBy(() -> permissions.grant(alice, gone, new PermissionGrant("bob", "READ")))
        .hasMessage("Volume gone not found.");
  }

  @Test
  void tenantAdminsManageGrantsWithoutOneAndAnAdminMayStepDownWhenAnotherRemains() {
    assertThat(permissions.grant(admin, volume, new PermissionGrant("bob", "ADMIN")))
        .containsExactly("alice:ADMIN", "bob:ADMIN");
    assertThat(list.levelOf(volume, "carol")).isEmpty();
    assertThat(permissions.revoke(alice, volume, "alice")).containsExactly("bob:ADMIN");
    assertThat(status(() -> permissions.require(alice, volume, PermissionLevel.READ)))
        .isEqualTo(HttpStatus.NOT_FOUND);
    // the last ADMIN stays, whoever asks
    assertThat(status(() -> permissions.revoke(admin, volume, "bob")))
        .isEqualTo(HttpStatus.CONFLICT);
  }
}
