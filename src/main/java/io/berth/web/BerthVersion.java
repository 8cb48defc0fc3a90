package io.berth.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Berth's own version, the one number every report of it shows: the envelope's {@code version},
 * {@code /v3/pods/healthcheck}, {@code bin/berth version} and the jar's manifest. Maven writes it
 * once, from the project's version, into {@code META-INF/build-info.properties} (and the manifest's
 * {@code Implementation-Version}); classes run without a build say "development".
 */
public final class BerthVersion {
  private static final String CURRENT = read();

  private BerthVersion() {}

  public static String current() {
    return CURRENT;
  }

  private static String read() {
    try (InputStream in =
        BerthVersion.class.getResourceAsStream("/META-INF/build-info.properties")) {
      if (in != null) {
        Properties build = new Properties();
        build.load(in);
        String version = build.getProperty("build.version");
        if (version != null && !version.isBlank()) {
          return version;
        }
      }
    } catch (IOException e) {
      // fall through to the manifest
    }
    String manifest = BerthVersion.class.getPackage().getImplementationVersion();
    return manifest == null ? "development" : manifest;
  }
}
