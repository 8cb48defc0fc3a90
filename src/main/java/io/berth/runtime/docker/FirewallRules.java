package io.berth.runtime.docker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The host firewall rules of one site's pod networks, as a pure function of the site's bridge
 * prefix and the host ports pods may reach. Two chains, entered from INPUT and FORWARD for packets
 * arriving from any of the site's pod bridges:
 *
 * <ul>
 *   <li>{@code BERTH-<tag>-IN}: to the host itself, only replies, DNS and the allowed TCP ports
 *       (the proxy's); everything else (Berth's API, the engine, databases, SSH, on any address of
 *       the host, IPv4 or IPv6 link-local) is rejected;
 *   <li>{@code BERTH-<tag>-FWD}: routed from one pod network to another pod network, and to
 *       services the host publishes through DNAT (containers' published ports) except the allowed
 *       ports, is rejected; so is traffic between two pods on one owner's shared network (its
 *       bridges have a prefix of their own; frames bridged within it reach this chain only where
 *       the kernel's br_netfilter hands them to iptables, which {@link HostFirewall} checks before
 *       pods share a network). Traffic within other bridges (a user's jobs') is not.
 * </ul>
 *
 * Packets to the outside world are left to the site, as on Kubernetes.
 */
public record FirewallRules(String bridgePrefix, String siteTag, List<String> hostPorts) {

  public FirewallRules {
    hostPorts = hostPorts.stream().map(FirewallRules::iptablesPorts).toList();
  }

  public String inputChain() {
    return "BERTH-" + siteTag + "-IN";
  }

  public String forwardChain() {
    return "BERTH-" + siteTag + "-FWD";
  }

  /**
   * The jumps from INPUT (or FORWARD, DOCKER-USER) into the site's chain, as iptables arguments:
   * packets from any of the site's bridges; for forwarding also packets into an owner's shared
   * network, which the engine does not isolate from other bridges (see {@link NetworkCalls}).
   */
  public List<List<String>> jumps(String builtin) {
    if (builtin.equals("INPUT")) {
      return List.of(List.of(builtin, "-i", bridgePrefix + "+", "-j", inputChain()));
    }
    return List.of(
        List.of(builtin, "-i", bridgePrefix + "+", "-j", forwardChain()),
        List.of(builtin, "-o", sharedBridges() + "+", "-j", forwardChain()));
  }

  private String sharedBridges() {
    return NetworkNames.sharedBridgePrefix(bridgePrefix);
  }

  /** Rules of the input chain, each as iptables arguments after {@code -A <chain>}. */
  public List<List<String>> inputRules() {
    return inputRules(true);
  }

  private List<List<String>> inputRules(boolean mark) {
    List<List<String>> rules = new ArrayList<>();
    rules.add(first(mark, "-m conntrack --ctstate ESTABLISHED,RELATED", "-j ACCEPT"));
    // the engine's DNS server for the network, where it has one (Podman's aardvark-dns)
    rules.add(rule("-p udp --dport 53 -j ACCEPT"));
    rules.add(rule("-p tcp --dport 53 -j ACCEPT"));
    for (String ports : hostPorts) {
      rules.add(rule("-p tcp --dport " + ports + " -j ACCEPT"));
    }
    rules.add(rule("-j REJECT"));
    return rules;
  }

  /** Rules of the forward chain, each as iptables arguments after {@code -A <chain>}. */
  public List<List<String>> forwardRules() {
    return forwardRules(true);
  }

  private List<List<String>> forwardRules(boolean mark) {
    List<List<String>> rules = new ArrayList<>();
    // replies routed into an owner's shared network to connections its pods opened
    rules.add(
        first(
            mark,
            "-o "
                + sharedBridges()
                + "+ -m physdev ! --physdev-is-bridged -m conntrack --ctstate ESTABLISHED,RELATED",
            "-j RETURN"));
    // anything else routed into a pod network, from another pod network, another bridge of the
    // host (the engine isolates no shared network) or outside; frames within one bridge (a
    // stack's) are not routed
    rules.add(rule("-o " + bridgePrefix + "+ -m physdev ! --physdev-is-bridged -j REJECT"));
    // frames between two pods on one owner's shared network (bridged, seen here through
    // br_netfilter): a pod reaches no other pod, its owner's included
    rules.add(rule("-o " + sharedBridges() + "+ -j DROP"));
    // connections a pod opens to what the host publishes through DNAT, except the allowed ports
    String opened = "-m conntrack --ctstate DNAT --ctdir ORIGINAL";
    for (String ports : hostPorts) {
      rules.add(rule("-p tcp " + opened + " --ctorigdstport " + ports + " -j RETURN"));
    }
    rules.add(rule(opened + " -j REJECT"));
    return rules;
  }

  /** The first rule of a chain, carrying the fingerprint in a comment when {@code mark}. */
  private List<String> first(boolean mark, String match, String target) {
    if (!mark) {
      return rule(match + " " + target);
    }
    List<String> rule = new ArrayList<>(rule(match));
    rule.addAll(List.of("-m", "comment", "--comment", "berth " + fingerprint()));
    rule.addAll(rule(target));
    return rule;
  }

  private static List<String> rule(String words) {
    return List.of(words.split(" "));
  }

  /**
   * An iptables-restore script that creates or replaces both chains at once (with {@code
   * --noflush}, other chains are left alone).
   */
  public String restoreScript() {
    StringBuilder script = new StringBuilder("*filter\n");
    script.append(':').append(inputChain()).append(" - [0:0]\n");
    script.append(':').append(forwardChain()).append(" - [0:0]\n");
    for (List<String> rule : inputRules()) {
      script.append(line(inputChain(), rule));
    }
    for (List<String> rule : forwardRules()) {
      script.append(line(forwardChain(), rule));
    }
    return script.append("COMMIT\n").toString();
  }

  /**
   * Changes whenever the rules change (it is taken over the rules themselves, so a changed rule set
   * is installed over an older one of the same length): kept in a comment, so a check is one
   * listing.
   */
  public String fingerprint() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (bridgePrefix + "|" + inputRules(false) + "|" + forwardRules(false))
                      .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String line(String chain, List<String> rule) {
    StringBuilder line = new StringBuilder("-A ").append(chain);
    for (String arg : rule) {
      line.append(' ').append(arg.contains(" ") ? '"' + arg + '"' : arg);
    }
    return line.append('\n').toString();
  }

  /** "8081" or "30000-30999" as iptables writes ports ("30000:30999"); anything else refused. */
  static String iptablesPorts(String spec) {
    String[] parts = spec.strip().split("[-:]", -1);
    if (parts.length > 2) {
      throw new IllegalArgumentException("not a port or a port range: " + spec);
    }
    int first = port(parts[0], spec);
    int last = parts.length == 2 ? port(parts[1], spec) : first;
    if (last < first) {
      throw new IllegalArgumentException("port range ends before it starts: " + spec);
    }
    return first == last ? Integer.toString(first) : first + ":" + last;
  }

  private static int port(String text, String spec) {
    try {
      int port = Integer.parseInt(text.strip());
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new IllegalArgumentException("not a port or a port range (1-65535): " + spec);
  }
}
