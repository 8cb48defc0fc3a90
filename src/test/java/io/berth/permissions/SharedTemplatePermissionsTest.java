package io.berth.permissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.auth.Caller;
import io.berth.testing.MemoryDatabase;
import io.berth.web.ApiException;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Sharable resources (templates) on a real schema: grants to {@code *tenant} and {@code *site}, and
 * users of another tenant, whatever their name or role, holding the site-wide grant alone.
 */
class SharedTemplatePermissionsTest {
  final Caller alice = new Caller("t1", "alice", Set.of());
  final Caller dave = new Caller("t1", "dave", Set.of());
  final Caller t1Admin = new Caller("t1", "carol", Set.of(Caller.ADMIN_ROLE));
  final Caller otherAlice = new Caller("t2", "alice", Set.of());
  final Caller otherAdmin = new Caller("t2", "carol", Set.of(Caller.ADMIN_ROLE));
  final Resource template = Resource.template("t1", "labweb");

  Permissions permissions;

  @BeforeEach
  void setUp() {
    JdbcClient jdbc = MemoryDatabase.migrated();
    permissions = new Permissions(new AccessList(jdbc));
    jdbc.sql(
            "insert into templates (template_id, tenant, metatags, owner, creation_ts, update_ts)"
                + " values ('labweb', 't1', '[]', 'alice', current_timestamp, current_timestamp)")
        .update();
    permissions.created(template, "alice");
  }

  @Test
  void anotherTenantsNamesakeAndAdminHoldNothingWithoutTheSiteGrant() {
    assertThat(permissions.held(alice, template)).isEqualTo(PermissionLevel.ADMIN);
    assertThat(permissions.held(t1Admin, template)).isEqualTo(PermissionLevel.ADMIN);
    assertThat(permissions.held(otherAlice, template)).isNull();
    assertThat(permissions.held(otherAdmin, template)).isNull();
    assertThat(permissions.held(dave, template)).isNull();
  }

  @Test
  void tenantWideAndSiteWideGrantsAreReadOnly() {
    permissions.grant(alice, template, new PermissionGrant(SharedWith.TENANT, "READ"));
    assertThat(permissions.held(dave, template)).isEqualTo(PermissionLevel.READ);
    assertThat(permissions.held(otherAlice, template)).isNull();
    assertThat(permissions.sharedWith(dave, ResourceKind.TEMPLATE)).containsExactly(template);
    assertThat(permissions.sharedWith(otherAlice, ResourceKind.TEMPLATE)).isEmpty();

    permissions.grant(alice, template, new PermissionGrant(SharedWith.SITE, "READ"));
    assertThat(permissions.held(otherAlice, template)).isEqualTo(PermissionLevel.READ);
    assertThat(permissions.held(otherAdmin, template)).isEqualTo(PermissionLevel.READ);
    assertThat(permissions.sharedWith(otherAlice, ResourceKind.TEMPLATE)).containsExactly(template);

    assertThatThrownBy(() ->
            permissions.grant(alice, template, new PermissionGrant(SharedWith.TENANT, "USER")))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("READ only");
    // a user's own grant counts over the tenant-wide one
    permissions.grant(alice, template, new PermissionGrant("dave", "USER"));
    assertThat(permissions.held(dave, template)).isEqualTo(PermissionLevel.USER);
  }
}
