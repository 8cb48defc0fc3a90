package io.berth.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class IpAllowListTest {
  @Test
  void emptyAllowsEveryone() {
    assertThat(IpAllowList.of(List.of()).allows(ip("203.0.113.9"))).isTrue();
    assertThat(IpAllowList.of(List.of()).allowsEveryone()).isTrue();
  }

  @Test
  void ipv4AddressesAndBlocksMatch() {
    IpAllowList list = IpAllowList.of(List.of("127.0.0.1/32", "192.168.1.7", "10.0.0.0/8"));
    assertThat(list.allows(ip("127.0.0.1"))).isTrue();
    assertThat(list.allows(ip("127.0.0.2"))).isFalse();
    assertThat(list.allows(ip("192.168.1.7"))).isTrue();
    assertThat(list.allows(ip("192.168.1.8"))).isFalse();
    assertThat(list.allows(ip("10.255.3.4"))).isTrue();
    assertThat(list.allows(ip("11.0.0.1"))).isFalse();
    assertThat(list.allows(ip("::1"))).isFalse();
  }

  @Test
  void ipv6AddressesAndBlocksMatch() {
    IpAllowList list = IpAllowList.of(List.of("2001:db8::/32", "::1"));
    assertThat(list.allows(ip("2001:db8:1:2::5"))).isTrue();
    assertThat(list.allows(ip("2001:db9::1"))).isFalse();
    assertThat(list.allows(ip("::1"))).isTrue();
    assertThat(list.allows(ip("127.0.0.1"))).isFalse();
    // an IPv4 client seen on a dual-stack socket is matched as IPv4
    assertThat(IpAllowList.of(List.of("192.0.2.0/24")).allows(ip("::ffff:192.0.2.10"))).isTrue();
  }

  @Test
  void entriesAreAddressLiteralsWithSanePrefixes() {
    assertThat(IpAllowList.problem("10.0.0.0/8")).isEmpty();
    assertThat(IpAllowList.problem("fe80::/10")).isEmpty();
    assertThat(IpAllowList.problem("example.org")).isPresent();
    assertThat(IpAllowList.problem("10.0.0.0/33")).get().asString().contains("over 32");
    assertThat(IpAllowList.problem("::/129")).get().asString().contains("over 128");
    assertThat(IpAllowList.problem("300.1.1.1")).isPresent();
    assertThat(IpAllowList.problem("")).isPresent();
    assertThat(IpAllowList.problem(null)).isPresent();
  }

  static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
