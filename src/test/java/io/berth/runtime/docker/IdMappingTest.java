package io.berth.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdMappingTest {
  static final long FIRST = IdMapping.DEFAULT_HOST_ID_BASE;

  @Test
  void eachTenantSlotIsItsOwnRangeOf65536HostIds() {
    IdMapping zero = IdMapping.forSlot(FIRST, 0);
    IdMapping two = IdMapping.forSlot(FIRST, 2);
    assertThat(zero.host(0)).isEqualTo(1L << 30);
    assertThat(two.host(1000)).isEqualTo((1L << 30) + 2 * 65536 + 1000);
    assertThat(two.maps(two.host(65535))).isTrue();
    assertThat(two.maps(IdMapping.forSlot(FIRST, 3).host(0))).isFalse();
    assertThatThrownBy(() -> two.host(65536)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void podmanGetsTheRangePinned() {
    assertThat(IdMapping.forSlot(FIRST, 1).podmanUsernsMode())
        .isEqualTo("auto:uidmapping=0:1073807360:65536,gidmapping=0:1073807360:65536,size=65536");
  }

  @Test
  void ownersFromBeforeUserNamespacesOrFromAnotherRangeMoveIntoThisOne() {
    IdMapping two = IdMapping.forSlot(FIRST, 2);
    assertThat(two.rebase(0, FIRST)).isEqualTo(two.host(0));
    assertThat(two.rebase(999, FIRST)).isEqualTo(two.host(999));
    assertThat(two.rebase(IdMapping.forSlot(FIRST, 5).host(70), FIRST)).isEqualTo(two.host(70));
    assertThat(two.rebase(two.host(7), FIRST)).isEqualTo(two.host(7));
    assertThat(two.rebase(200_000, FIRST)).isEqualTo(200_000); // someone else's: left alone
    assertThat(IdMapping.IDENTITY.rebase(two.host(1000), FIRST)).isEqualTo(1000);
  }
}
