package io.berth.ops.backup;

/** The version of the running Berth, from the jar's manifest ("development" from classes). */
final class BerthVersion {
  private BerthVersion() {}

  static String current() {
    String version = BerthVersion.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }
}
