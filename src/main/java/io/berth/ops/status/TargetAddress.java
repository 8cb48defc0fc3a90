package io.berth.ops.status;

import java.util.ArrayList;
import java.util.List;

/**
 * The pieces of a check's target that name where it is (URL, host and port, host), longest first,
 * so a page that hides targets can take them out of failure details too.
 */
final class TargetAddress {
  private TargetAddress() {}

  static List<String> parts(CheckDefinition.Target target) {
    List<String> parts = new ArrayList<>();
    switch (target) {
      case CheckDefinition.Target.Http h -> {
        parts.add(h.uri().toString());
        if (h.uri().getPort() > 0) {
          parts.add(h.uri().getHost() + ":" + h.uri().getPort());
        }
        parts.add(h.uri().getHost());
      }
      case CheckDefinition.Target.Tcp t -> {
        parts.add(t.host() + ":" + t.port());
        parts.add(t.host());
      }
      case CheckDefinition.Target.Internal i -> {
        // Berth's own database or engine: named by the check, nothing to hide
      }
    }
    // a bare single-label host ("db") would also match ordinary words: only dotted ones go
    parts.removeIf(p -> p.isBlank() || !p.contains(".") && !p.contains(":"));
    return parts;
  }
}
