package io.berth.ops.backup;

/** The version of the running Berth, from the jar's manifest ("development" from classes). */
final class BerthVersion {
  private BerthVersion() {}

  static String current() {
    return io.berth.web.BerthVersion.current();
  }
}
