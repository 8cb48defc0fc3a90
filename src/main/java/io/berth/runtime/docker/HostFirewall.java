package io.berth.runtime.docker;

import io.berth.runtime.RuntimeFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the site's {@link FirewallRules} in the host's iptables (IPv4 and IPv6), level-triggered:
 * {@link #ensure()} creates or repairs whatever is missing or stale (one listing per chain when all
 * is in place) and is called before a pod network is used; {@link #remove()} takes the rules away
 * once the site has no pod network left. Needs root and iptables on the engine's host: in {@code
 * auto} mode Berth warns without them, in {@code required} mode it refuses to start pods.
 */
public class HostFirewall {
  private static final Logger log = LoggerFactory.getLogger(HostFirewall.class);

  private final FirewallRules rules;
  private final String mode;

  /** Read without the lock: every pod's start asks, and a recheck must not hold them up. */
  private volatile boolean current;

  private boolean removed;
  private boolean warned;

  public HostFirewall(FirewallRules rules, String mode) {
    this.rules = rules;
    this.mode = mode;
  }

  public FirewallRules rules() {
    return rules;
  }

  /** Whether Berth keeps the rules itself (root, iptables present, not turned off). */
  public boolean managed() {
    return !mode.equals("off") && runningAsRoot() && onPath("iptables");
  }

  /**
   * Whether frames bridged between two containers of one network pass through the site's rules (the
   * kernel's br_netfilter, for every family the rules are kept in): only then may pods share a
   * network and still reach no other pod. Read at each call: an operator may turn it off.
   */
  public boolean filtersBridgedTraffic() {
    if (mode.equals("off") || !managed()) {
      return false;
    }
    for (String family : families()) {
      String sysctl =
          family.equals("iptables") ? "bridge-nf-call-iptables" : "bridge-nf-call-ip6tables";
      try {
        if (!KernelSetting.of("net.bridge." + sysctl).read().equals("1")) {
          return false;
        }
      } catch (IOException e) {
        return false; // br_netfilter not loaded
      }
    }
    return true;
  }

  public void ensure() {
    if (current || mode.equals("off")) {
      return;
    }
    ensureLocked();
  }

  private synchronized void ensureLocked() {
    if (current) {
      return; // set meanwhile by another caller
    }
    if (!managed()) {
      String problem =
          "pods' networks are not fenced off from the host: the firewall rules need Berth to run as"
              + " root with iptables on the engine's host (see the README's security section for"
              + " the rules to keep instead, then set BERTH_RUNTIME_NETWORK_FIREWALL=off)";
      if (mode.equals("required")) {
        throw new RuntimeFailure(problem);
      }
      if (!warned) {
        log.warn(problem);
        warned = true;
      }
      return;
    }
    for (String family : families()) {
      if (!chainsCurrent(family)) {
        restore(family);
      }
      for (String builtin : entries(family)) {
        for (List<String> jump : rules.jumps(builtin)) {
          ensureJump(family, jump);
        }
      }
    }
    current = true;
    removed = false;
  }

  /** Whether this process set or checked the rules and has not removed them since. */
  public synchronized boolean inForce() {
    return current;
  }

  /**
   * Checks the rules again (someone may have flushed the tables) and repairs them. The rules count
   * as current while they are listed, so pods starting meanwhile are not held up by the listings.
   */
  public synchronized void recheck() {
    if (mode.equals("off")) {
      return;
    }
    if (current && managed() && !inPlace()) {
      current = false;
    }
    if (!current) {
      ensureLocked();
    }
  }

  private boolean inPlace() {
    for (String family : families()) {
      if (!chainsCurrent(family)) {
        return false;
      }
      for (String builtin : entries(family)) {
        for (List<String> jump : rules.jumps(builtin)) {
          if (!jumpAhead(family, jump)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  public synchronized void remove() {
    current = false;
    if (removed || !managed()) {
      return;
    }
    removed = true;
    for (String family : families()) {
      for (String builtin : entries(family)) {
        for (List<String> jump : rules.jumps(builtin)) {
          List<String> delete = new ArrayList<>(List.of(family, "-w", "-D"));
          delete.addAll(jump);
          for (int i = 0; i < 10 && run(delete, null).ok(); i++) {
            // a jump inserted twice (by two processes) is deleted twice
          }
        }
      }
      for (String chain : List.of(rules.inputChain(), rules.forwardChain())) {
        run(List.of(family, "-w", "-F", chain), null);
        run(List.of(family, "-w", "-X", chain), null);
      }
    }
    log.info("Removed the host firewall rules of pod networks {}+", rules.bridgePrefix());
  }

  /**
   * Deletes the isolation rules Podman's CNI firewall plugin left for the site's bridges that no
   * longer exist: it adds two per bridge and never removes them, and with a network per pod they
   * would pile up in the path of every forwarded packet.
   */
  public synchronized void forgetRemovedBridges() {
    if (!managed()) {
      return;
    }
    List<String> listed = new ArrayList<>();
    for (String chain : List.of("CNI-ISOLATION-STAGE-1", "CNI-ISOLATION-STAGE-2")) {
      Result listing = run(List.of("iptables", "-w", "-S", chain), null);
      if (listing.ok()) {
        listed.addAll(listing.output().lines().toList());
      }
    }
    String script = deletions(listed, this::namesRemovedBridge);
    if (script == null) {
      return;
    }
    // one transaction: a process per rule took ~0.2 s each under load, while the sweep held
    // pods' networks (2,666 rules: 96 ms so)
    Result deleted = run(List.of("iptables-restore", "-w", "--noflush"), script);
    if (!deleted.ok()) {
      // e.g. a rule deleted meanwhile by another process: the next sweep lists them again
      log.debug("Stale CNI isolation rules not deleted: {}", deleted.output().strip());
    }
  }

  /**
   * An iptables-restore script deleting the listed rules ({@code iptables -S} lines) that {@code
   * stale} picks; null when it picks none.
   */
  static String deletions(List<String> listed, Predicate<List<String>> stale) {
    StringBuilder script = new StringBuilder("*filter\n");
    boolean any = false;
    for (String line : listed) {
      List<String> args = words(line);
      if (args.size() >= 2 && args.get(0).equals("-A") && stale.test(args)) {
        script.append("-D").append(line.substring(2)).append('\n');
        any = true;
      }
    }
    return any ? script.append("COMMIT\n").toString() : null;
  }

  private boolean namesRemovedBridge(List<String> args) {
    for (int i = 0; i + 1 < args.size(); i++) {
      String option = args.get(i);
      String name = args.get(i + 1);
      if ((option.equals("-i") || option.equals("-o"))
          && name.startsWith(rules.bridgePrefix())
          && !Files.exists(Path.of("/sys/class/net", name))) {
        return true;
      }
    }
    return false;
  }

  /** Splits an iptables -S line into its arguments; a comment is one quoted argument. */
  static List<String> words(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (char c : line.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
        any = true;
      } else if (c == ' ' && !quoted) {
        if (any) {
          words.add(word.toString());
        }
        word.setLength(0);
        any = false;
      } else {
        word.append(c);
        any = true;
      }
    }
    if (any) {
      words.add(word.toString());
    }
    return words;
  }

  private boolean chainsCurrent(String family) {
    return chainCurrent(family, rules.inputChain(), rules.inputRules().size())
        && chainCurrent(family, rules.forwardChain(), rules.forwardRules().size());
  }

  private boolean chainCurrent(String family, String chain, int size) {
    Result listing = run(List.of(family, "-w", "-S", chain), null);
    return listing.ok()
        && listing.output().contains("berth " + rules.fingerprint())
        && listing.output().lines().filter(l -> l.startsWith("-A ")).count() == size;
  }

  private void restore(String family) {
    Result restored = run(List.of(family + "-restore", "-w", "--noflush"), rules.restoreScript());
    if (!restored.ok()) {
      throw new RuntimeFailure(
          family + "-restore could not set the pod network rules: " + restored.output().strip());
    }
    log.info("Set the host firewall rules of pod networks {}+ ({})", rules.bridgePrefix(), family);
  }

  /** The jump is present and ahead of every rule that is not another Berth site's jump. */
  private void ensureJump(String family, List<String> jump) {
    if (jumpAhead(family, jump)) {
      return;
    }
    String builtin = jump.get(0);
    String expected = "-A " + String.join(" ", jump);
    if (builtinLines(family, builtin).contains(expected)) {
      List<String> delete = new ArrayList<>(List.of(family, "-w", "-D"));
      delete.addAll(jump);
      run(delete, null);
    }
    List<String> insert = new ArrayList<>(List.of(family, "-w", "-I", builtin, "1"));
    insert.addAll(jump.subList(1, jump.size()));
    Result inserted = run(insert, null);
    if (!inserted.ok()) {
      throw new RuntimeFailure(
          family + " could not insert " + expected + ": " + inserted.output().strip());
    }
  }

  private boolean jumpAhead(String family, List<String> jump) {
    List<String> lines = builtinLines(family, jump.get(0));
    int at = lines.indexOf("-A " + String.join(" ", jump));
    int firstOther = 0;
    while (firstOther < lines.size() && lines.get(firstOther).contains("-j BERTH-")) {
      firstOther++;
    }
    return at >= 0 && at < firstOther;
  }

  private List<String> builtinLines(String family, String builtin) {
    return run(List.of(family, "-w", "-S", builtin), null)
        .output()
        .lines()
        .filter(l -> l.startsWith("-A "))
        .toList();
  }

  /**
   * Where packets enter the site's chains: INPUT and FORWARD, and Docker's DOCKER-USER, which
   * Docker keeps ahead of its own forwarding rules (it moves its jumps to the top of FORWARD
   * whenever it makes a network, that is, for every pod).
   */
  private static List<String> entries(String family) {
    List<String> entries = new ArrayList<>(List.of("INPUT", "FORWARD"));
    if (run(List.of(family, "-w", "-S", "DOCKER-USER"), null).ok()) {
      entries.add("DOCKER-USER");
    }
    return entries;
  }

  private static List<String> families() {
    List<String> families = new ArrayList<>(List.of("iptables"));
    // pods get IPv6 link-local addresses whenever the host has IPv6, and reach the host through
    // them
    if (Files.exists(Path.of("/proc/net/if_inet6")) && onPath("ip6tables")) {
      families.add("ip6tables");
    }
    return families;
  }

  private static boolean runningAsRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  static boolean onPath(String command) {
    String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  private record Result(int exit, String output) {
    boolean ok() {
      return exit == 0;
    }
  }

  private static Result run(List<String> command, String input) {
    List<String> resolved = new ArrayList<>(command);
    resolved.set(0, resolve(command.get(0)));
    try {
      Process process = new ProcessBuilder(resolved).redirectErrorStream(true).start();
      try (OutputStream in = process.getOutputStream()) {
        if (input != null) {
          in.write(input.getBytes(StandardCharsets.UTF_8));
        }
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, String.join(" ", command) + " did not finish");
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      return new Result(-1, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "interrupted");
    }
  }

  /** iptables lives in /usr/sbin, which a non-login PATH may lack. */
  private static String resolve(String command) {
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return dir + "/" + command;
      }
    }
    return command;
  }
}
