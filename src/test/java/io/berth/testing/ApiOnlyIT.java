package io.berth.testing;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The API alone, without reconciler or proxy, in one Spring context that every test class extending
 * this shares (Spring caches a context by its configuration, so the same properties and the same
 * home mean one start for all of them). Pods stay REQUESTED; the lifecycle tests run the reconciler
 * on real Podman. A class starts by deleting the rows it works on: the database is shared with the
 * classes before it.
 */
@Tag("db")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApiOnlyIT {
  public static final String DEV_USERS =
      "alice:secret1,bob:secret2,carol:secret3:admin,dave:secret4";
  protected static final Path home = TestDatabase.newHome();

  @DynamicPropertySource
  static void apiOnly(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry, home);
    registry.add("berth.auth.dev-users", () -> DEV_USERS);
    registry.add("berth.templates.image-allowlist", () -> "localhost/berth-test/*");
    registry.add("berth.reconciler.enabled", () -> "false");
    registry.add("berth.proxy.enabled", () -> "false");
    // snapshot schedules are looked at every second, and may take a copy every second
    registry.add("berth.jobs.schedules.snapshot-schedules", () -> "* * * * * *");
    registry.add("berth.snapshots.min-schedule-interval", () -> "1s");
  }

  @LocalServerPort protected int port;
  @Autowired protected JdbcClient jdbc;
}
