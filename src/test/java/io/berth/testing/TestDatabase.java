package io.berth.testing;

import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Which database an integration test runs against: the embedded H2 file (default) or, when the
 * Failsafe execution sets {@code berth.test.db=postgres}, the PostgreSQL that {@code bin/berth
 * test} started (BERTH_TEST_PG_URL, BERTH_TEST_PG_USER, BERTH_TEST_PG_PASSWORD).
 */
public final class TestDatabase {
  private TestDatabase() {}

  /** A fresh BERTH_HOME for a test class, removed with the JVM's temp files. */
  public static Path newHome() {
    try {
      Path home = java.nio.file.Files.createTempDirectory("berth-test-home");
      home.toFile().deleteOnExit();
      TestMounts.unmountOnExit(home);
      return home;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static boolean postgres() {
    return "postgres".equals(System.getProperty("berth.test.db"));
  }

  /** Sets BERTH_HOME and, on PostgreSQL, the database URL and account. */
  public static void register(DynamicPropertyRegistry registry, Path home) {
    registry.add("berth.home", home::toString);
    if (postgres()) {
      registry.add("berth.db.url", () -> required("BERTH_TEST_PG_URL"));
      registry.add("berth.db.user", () -> required("BERTH_TEST_PG_USER"));
      registry.add("berth.db.password", () -> required("BERTH_TEST_PG_PASSWORD"));
    }
  }

  private static String required(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          name + " is not set: run the suite with bin/berth test, which starts PostgreSQL");
    }
    return value;
  }
}
