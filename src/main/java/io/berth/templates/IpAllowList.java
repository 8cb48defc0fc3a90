package io.berth.templates;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * A networking entry's {@code ip_allow_list}: IPv4 and IPv6 addresses and CIDR blocks (Spring
 * Security's matcher), checked by the proxy against the connecting client's address. Empty allows
 * everyone, as in Tapis. Entries are address literals only: a host name would need a DNS lookup at
 * every check and could change under the rule.
 */
public final class IpAllowList {
  public static final int MAX_ENTRIES = 100;
  private static final IpAllowList EVERYONE = new IpAllowList(List.of(), List.of());
  private static final Pattern LITERAL =
      Pattern.compile(
          "^(?:[0-9]{1,3}(?:\\.[0-9]{1,3}){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*)(?:/[0-9]{1,3})?$");

  private final List<String> entries;
  private final List<IpAddressMatcher> matchers;

  private IpAllowList(List<String> entries, List<IpAddressMatcher> matchers) {
    this.entries = entries;
    this.matchers = matchers;
  }

  /** The list, from entries already checked by {@link #problem}. */
  public static IpAllowList of(List<String> entries) {
    if (entries.isEmpty()) {
      return EVERYONE;
    }
    List<IpAddressMatcher> matchers = new ArrayList<>();
    for (String entry : entries) {
      if (problem(entry).isEmpty()) {
        matchers.add(new IpAddressMatcher(entry.strip()));
      }
    }
    return new IpAllowList(List.copyOf(entries), List.copyOf(matchers));
  }

  /** What is wrong with one entry, if anything. */
  public static Optional<String> problem(String entry) {
    if (entry == null || !LITERAL.matcher(entry.strip()).matches()) {
      return Optional.of(
          "must be an IPv4 or IPv6 address or CIDR block (10.0.0.0/8, 2001:db8::/32)");
    }
    String literal = entry.strip();
    int slash = literal.indexOf('/');
    String address = slash < 0 ? literal : literal.substring(0, slash);
    if (!address.contains(":")) {
      for (String octet : address.split("\\.")) {
        if (Integer.parseInt(octet) > 255) {
          return Optional.of("is not a valid IPv4 address");
        }
      }
    }
    InetAddress parsed;
    try {
      // a literal by now (checked above), so no name is ever looked up
      parsed = InetAddress.getByName(address);
    } catch (java.net.UnknownHostException e) {
      return Optional.of("is not a valid IPv4 or IPv6 address");
    }
    if (slash >= 0) {
      int bits = Integer.parseInt(literal.substring(slash + 1));
      int max = parsed.getAddress().length * 8;
      if (bits > max) {
        return Optional.of("has a prefix length over " + max);
      }
    }
    return Optional.empty();
  }

  public boolean allowsEveryone() {
    return matchers.isEmpty() && entries.isEmpty();
  }

  public boolean allows(InetAddress client) {
    if (allowsEveryone()) {
      return true;
    }
    String address = client.getHostAddress();
    int scope = address.indexOf('%');
    String bare = scope < 0 ? address : address.substring(0, scope);
    for (IpAddressMatcher matcher : matchers) {
      if (matcher.matches(bare)) {
        return true;
      }
    }
    return false;
  }

  public List<String> entries() {
    return entries;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IpAllowList list && list.entries.equals(entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return entries.toString();
  }
}
