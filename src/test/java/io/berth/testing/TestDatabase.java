package io.berth.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

  /**
   * Sets BERTH_HOME and, on PostgreSQL, the database URL and account: a database of the home's own,
   * as on H2, where the database is a file in the home. Test classes that share a home share a
   * context and its database ({@link ApiOnlyIT}); no other class sees their rows (a quota one class
   * left on a tenant once failed another's jobs).
   */
  public static void register(DynamicPropertyRegistry registry, Path home) {
    registry.add("berth.home", home::toString);
    if (postgres()) {
      registry.add("berth.db.url", () -> ofHome(home).url());
      registry.add("berth.db.user", () -> ofHome(home).user());
      registry.add("berth.db.password", () -> ofHome(home).password());
    }
  }

  private static final Map<Path, Postgres> DATABASES = new ConcurrentHashMap<>();

  private static Postgres ofHome(Path home) {
    return DATABASES.computeIfAbsent(
        home,
        h ->
            Postgres.started()
                .newDatabase(
                    "berth_"
                        + h.getFileName().toString().toLowerCase().replaceAll("[^a-z0-9]", "_")));
  }

  /**
   * The PostgreSQL that {@code bin/berth test} started, as it exported it: the one place a test
   * learns its URL (and so its port) and account, for its own context, a database of its own or a
   * Berth process it starts.
   */
  public record Postgres(String url, String user, String password) {
    public static Postgres started() {
      return new Postgres(
          required("BERTH_TEST_PG_URL"),
          required("BERTH_TEST_PG_USER"),
          required("BERTH_TEST_PG_PASSWORD"));
    }

    /** A new, empty database {@code name} on the same server, with the same account. */
    public Postgres newDatabase(String name) {
      try (Connection c = DriverManager.getConnection(url, user, password)) {
        c.createStatement().execute("create database " + name);
      } catch (SQLException e) {
        throw new IllegalStateException("database " + name + " could not be created", e);
      }
      return new Postgres(url.substring(0, url.lastIndexOf('/') + 1) + name, user, password);
    }

    /** As a Berth process reads it from its environment. */
    public Map<String, String> environment() {
      return Map.of("BERTH_DB_URL", url, "BERTH_DB_USER", user, "BERTH_DB_PASSWORD", password);
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
