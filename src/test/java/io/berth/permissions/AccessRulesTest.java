package io.berth.permissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.auth.Caller;
import io.berth.web.ApiException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** The access rules as pure functions: what is held, 404 and 403, and the last ADMIN. */
class AccessRulesTest {
  final Resource pod = Resource.pod("t1", "db");

  static HttpStatus status(Runnable call) {
    try {
      call.run();
      return HttpStatus.OK;
    } catch (ApiException e) {
      return e.status();
    }
  }

  @Test
  void tenantAdminsHoldAdminWhateverIsStoredOthersWhatIsStored() {
    Caller admin = new Caller("t1", "carol", Set.of(Caller.ADMIN_ROLE));
    Caller bob = new Caller("t1", "bob", Set.of());
    assertThat(AccessRules.held(admin, null)).isEqualTo(PermissionLevel.ADMIN);
    assertThat(AccessRules.held(admin, PermissionLevel.READ)).isEqualTo(PermissionLevel.ADMIN);
    assertThat(AccessRules.held(bob, PermissionLevel.READ)).isEqualTo(PermissionLevel.READ);
    assertThat(AccessRules.held(bob, null)).isNull();
  }

  @Test
  void nothingHeldHidesTheResourceAndTooLittleIsForbiddenNamingBothLevels() {
    assertThatThrownBy(() -> AccessRules.require(pod, null, PermissionLevel.READ))
        .hasMessage("Pod db not found.");
    assertThat(status(() -> AccessRules.require(pod, null, PermissionLevel.READ)))
        .isEqualTo(HttpStatus.NOT_FOUND);
    assertThatThrownBy(() -> AccessRules.require(pod, PermissionLevel.USER, PermissionLevel.ADMIN))
        .hasMessage("Pod db needs ADMIN permission for this; you have USER.");
    assertThat(status(() -> AccessRules.require(pod, PermissionLevel.USER, PermissionLevel.ADMIN)))
        .isEqualTo(HttpStatus.FORBIDDEN);
    for (PermissionLevel needed : PermissionLevel.values()) {
      assertThat(AccessRules.require(pod, PermissionLevel.ADMIN, needed))
          .isEqualTo(PermissionLevel.ADMIN);
    }
    assertThat(AccessRules.require(pod, PermissionLevel.USER, PermissionLevel.READ))
        .isEqualTo(PermissionLevel.USER);
  }

  @Test
  void onlyAChangeThatLeavesNoAdminIsRefused() {
    PermissionLevel admin = PermissionLevel.ADMIN;
    assertThatThrownBy(() -> AccessRules.keepAnAdmin(pod, "alice", admin, null, 1))
        .hasMessage("User alice is the last ADMIN of pod db and cannot be removed.");
    assertThat(status(() -> AccessRules.keepAnAdmin(pod, "alice", admin, PermissionLevel.READ, 1)))
        .isEqualTo(HttpStatus.CONFLICT);
    assertThatCode(() -> AccessRules.keepAnAdmin(pod, "alice", admin, admin, 1))
        .doesNotThrowAnyException();
    assertThatCode(() -> AccessRules.keepAnAdmin(pod, "alice", admin, null, 2))
        .doesNotThrowAnyException();
    assertThatCode(() -> AccessRules.keepAnAdmin(pod, "bob", PermissionLevel.USER, null, 1))
        .doesNotThrowAnyException();
    assertThatCode(() -> AccessRules.keepAnAdmin(pod, "bob", null, PermissionLevel.READ, 1))
        .doesNotThrowAnyException();
  }
}
