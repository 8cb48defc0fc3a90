package io.berth.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FirewallRulesTest {
  final FirewallRules rules = new FirewallRules("brtabc", "ABC", List.of("8081", "30000-30999"));

  @Test
  void podsReachOnlyRepliesDnsAndTheAllowedPortsOfTheHost() {
    assertThat(rules.inputRules().stream().map(r -> String.join(" ", r)))
        .containsExactly(
            "-m conntrack --ctstate ESTABLISHED,RELATED -m comment --comment berth "
                + rules.fingerprint()
                + " -j ACCEPT",
            "-p udp --dport 53 -j ACCEPT",
            "-p tcp --dport 53 -j ACCEPT",
            "-p tcp --dport 8081 -j ACCEPT",
            "-p tcp --dport 30000:30999 -j ACCEPT",
            "-j REJECT");
  }

  @Test
  void routedTrafficToOtherPodNetworksAndToWhatTheHostPublishesIsRejected() {
    assertThat(rules.forwardRules().stream().map(r -> String.join(" ", r)))
        .containsExactly(
            "-o brtabc0+ -m physdev ! --physdev-is-bridged -m conntrack --ctstate"
                + " ESTABLISHED,RELATED -m comment --comment berth "
                + rules.fingerprint()
                + " -j RETURN",
            "-o brtabc+ -m physdev ! --physdev-is-bridged -j REJECT",
            "-o brtabc0+ -j DROP",
            "-p tcp -m conntrack --ctstate DNAT --ctdir ORIGINAL --ctorigdstport 8081 -j RETURN",
            "-p tcp -m conntrack --ctstate DNAT --ctdir ORIGINAL --ctorigdstport 30000:30999"
                + " -j RETURN",
            "-m conntrack --ctstate DNAT --ctdir ORIGINAL -j REJECT");
  }

  @Test
  void jumpsMatchEverySiteBridgeByPrefixAndForwardingIntoSharedNetworksFromAnywhere() {
    assertThat(rules.jumps("INPUT"))
        .containsExactly(List.of("INPUT", "-i", "brtabc+", "-j", "BERTH-ABC-IN"));
    // the engine does not isolate owners' shared networks (NetworkCalls): routed traffic into
    // them from any other bridge or interface meets the site's chain
    assertThat(rules.jumps("FORWARD"))
        .containsExactly(
            List.of("FORWARD", "-i", "brtabc+", "-j", "BERTH-ABC-FWD"),
            List.of("FORWARD", "-o", "brtabc0+", "-j", "BERTH-ABC-FWD"));
  }

  @Test
  void theRestoreScriptReplacesBothChainsAtOnceAndQuotesTheComment() {
    assertThat(rules.restoreScript())
        .startsWith("*filter\n:BERTH-ABC-IN - [0:0]\n:BERTH-ABC-FWD - [0:0]\n")
        .contains("--comment \"berth " + rules.fingerprint() + "\"")
        .endsWith("COMMIT\n");
  }

  @Test
  void theFingerprintChangesWithThePorts() {
    assertThat(new FirewallRules("brtabc", "ABC", List.of("8081")).fingerprint())
        .isNotEqualTo(rules.fingerprint())
        .hasSize(12);
  }

  @Test
  void portsAreCheckedAndWrittenAsIptablesDoes() {
    assertThat(FirewallRules.iptablesPorts(" 443 ")).isEqualTo("443");
    assertThat(FirewallRules.iptablesPorts("30000:30010")).isEqualTo("30000:30010");
    assertThatThrownBy(() -> FirewallRules.iptablesPorts("0")).hasMessageContaining("1-65535");
    assertThatThrownBy(() -> FirewallRules.iptablesPorts("9-3")).hasMessageContaining("ends");
    assertThatThrownBy(() -> FirewallRules.iptablesPorts("80; reboot"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void iptablesListingsSplitIntoArgumentsWithQuotedComments() {
    assertThat(
            HostFirewall.words(
                "-A CNI-ISOLATION-STAGE-1 -i brtabcx ! -o brtabcx -m comment --comment \"CNI"
                    + " firewall plugin rules\" -j CNI-ISOLATION-STAGE-2"))
        .containsExactly(
            "-A",
            "CNI-ISOLATION-STAGE-1",
            "-i",
            "brtabcx",
            "!",
            "-o",
            "brtabcx",
            "-m",
            "comment",
            "--comment",
            "CNI firewall plugin rules",
            "-j",
            "CNI-ISOLATION-STAGE-2");
  }

  @Test
  void staleIsolationRulesAreDeletedInOneTransactionKeepingTheirQuotedComments() {
    String stale =
        "-A CNI-ISOLATION-STAGE-2 -o brtabcgone -m comment --comment \"CNI firewall plugin rules"
            + " (ingressPolicy: same-bridge)\" -j DROP";
    String kept = "-A CNI-ISOLATION-STAGE-2 -o brtabchere -j DROP";
    assertThat(
            HostFirewall.deletions(
                List.of("-N CNI-ISOLATION-STAGE-2", stale, kept),
                args -> args.contains("brtabcgone")))
        .isEqualTo("*filter\n-D" + stale.substring(2) + "\nCOMMIT\n");
    assertThat(HostFirewall.deletions(List.of(kept), args -> false)).isNull();
  }
}
