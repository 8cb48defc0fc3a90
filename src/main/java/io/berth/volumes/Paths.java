package io.berth.volumes;

/** File paths taken from the rest of a request path ({@code {*path}} captures a leading slash). */
final class Paths {
  private Paths() {}

  static String relative(String captured) {
    return captured.startsWith("/") ? captured.substring(1) : captured;
  }
}
