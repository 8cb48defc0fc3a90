package io.berth.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class UrlSchemeTest {
  static ProxyProperties properties(String siteTenant) {
    return new ProxyProperties(
        null,
        8081,
        null,
        "pods.example.org",
        "pods.example.org",
        "https",
        443,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        1,
        siteTenant,
        null,
        null,
        null);
  }

  final UrlScheme scheme =
      UrlScheme.of(properties(null), "default", List.of("default", "science", "Physics"));

  @Test
  void theSitesTenantKeepsShortNamesAndOthersHaveTheirOwnLabel() {
    assertThat(scheme.host("default", "mydb", "default")).isEqualTo("mydb.pods.example.org");
    assertThat(scheme.host("default", "mydb", "admin")).isEqualTo("mydb-admin.pods.example.org");
    assertThat(scheme.host("science", "mydb", "default"))
        .isEqualTo("mydb.science.pods.example.org");
    assertThat(scheme.host("Physics", "mydb", "web"))
        .isEqualTo("mydb-web.physics.pods.example.org");
    assertThat(scheme.httpUrl("science", "mydb", "default"))
        .isEqualTo("https://mydb.science.pods.example.org");
  }

  @Test
  void hostsReadBackToTheirTenantAndLabel() {
    assertThat(scheme.parse("mydb-admin.pods.example.org"))
        .contains(new UrlScheme.Parsed("default", "mydb-admin"));
    assertThat(scheme.parse("mydb.physics.pods.example.org"))
        .contains(new UrlScheme.Parsed("Physics", "mydb"));
    assertThat(scheme.parse("mydb.nosuch.pods.example.org")).isEmpty();
    assertThat(scheme.parse("a.b.science.pods.example.org")).isEmpty();
    assertThat(scheme.parse("pods.example.org")).isEmpty();
    assertThat(scheme.parse("mydb.example.com")).isEmpty();
  }

  @Test
  void theSiteTenantCanBeAnother() {
    UrlScheme other = UrlScheme.of(properties("science"), "default", List.of("default", "science"));
    assertThat(other.host("science", "mydb", "default")).isEqualTo("mydb.pods.example.org");
    assertThat(other.host("default", "mydb", "default")).isEqualTo("mydb.default.pods.example.org");
  }

  @Test
  void tenantsThatCannotNameHostsOrWouldShareThemStopTheStart() {
    assertThatThrownBy(
            () -> UrlScheme.of(properties(null), "default", List.of("default", "my_tenant")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("my_tenant")
        .hasMessageContaining("DNS label");
    assertThatThrownBy(() ->
            UrlScheme.of(properties(null), "default", List.of("default", "Science", "science")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Science")
        .hasMessageContaining("science");
    // the site's tenant needs no label: any id will do
    assertThat(UrlScheme.of(properties(null), "my_site", List.of("my_site")).siteTenant())
        .isEqualTo("my_site");
  }

  @Test
  void theOnlyPodIdsThatCanHoldALabel() {
    assertThat(UrlScheme.podIdsFor("abc")).containsExactly("abc");
    assertThat(UrlScheme.podIdsFor("abc-web")).containsExactly("abc-web", "abc");
    assertThat(UrlScheme.podIdsFor("a-b-c")).containsExactly("a-b-c", "a", "a-b");
  }
}
