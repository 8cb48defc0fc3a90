package io.berth.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class DevUsersTest {
  @Test
  void parsesUsersPasswordsAndRoles() {
    var entries = DevUsers.parse("alice:secret1, bob:secret2,carol:secret3:admin");
    assertThat(entries).extracting(DevUsers.Entry::name).containsExactly("alice", "bob", "carol");
    assertThat(entries.get(2).roles()).isEqualTo(Set.of("admin"));
    assertThat(entries.get(0).roles()).isEmpty();
  }

  @Test
  void refusesMalformedEntriesNamingThem() {
    assertThatThrownBy(() -> DevUsers.parse("alice")).hasMessageContaining("alice");
    assertThatThrownBy(() -> DevUsers.parse("alice:")).hasMessageContaining("empty password");
    assertThatThrownBy(() -> DevUsers.parse("a b:x")).hasMessageContaining("a b");
    assertThatThrownBy(() -> DevUsers.parse("alice:x:bad role"))
        .hasMessageContaining("invalid role");
    assertThatThrownBy(() -> DevUsers.parse("alice:x:a:b")).hasMessageContaining("alice");
    assertThatThrownBy(() -> DevUsers.parse("alice:x,alice:y")).hasMessageContaining("twice");
  }
}
