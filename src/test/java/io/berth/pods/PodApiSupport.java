package io.berth.pods;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Shared set-up of the pods API tests. */
final class PodApiSupport {

  private PodApiSupport() {}

  /** On PostgreSQL the database outlives a test class; start each class from empty tables. */
  static void clean(JdbcClient jdbc) {
    jdbc.sql("delete from pods").update();
    jdbc.sql("delete from permissions where kind = 'pod'").update();
    jdbc.sql("delete from pod_deletions").update();
    jdbc.sql("delete from image_allowlist").update();
  }
}
