package io.berth.ops.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.berth.testing.BerthProcess;
import io.berth.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two Berth processes on one PostgreSQL run each instant of a scheduled job exactly once, or once
 * per home for a job over each home's storage.
 */
@Tag("db")
class JobsAcrossProcessesIT {

  @Test
  void twoProcessesRunEachScheduledInstantOnce() throws Exception {
    assumeThat(TestDatabase.postgres())
        .as("two processes share a database only on PostgreSQL")
        .isTrue();
    Path root = TestDatabase.newHome();
    Map<String, String> env = new HashMap<>(postgresEnv());
    env.put("BERTH_RECONCILER_ENABLED", "false");
    env.put("BERTH_PROXY_ENABLED", "false");
    env.put("BERTH_JOBS_SCHEDULES_HOUSEKEEPING", "*/2 * * * * *");
    env.put(
        "SPRING_APPLICATION_JSON",
        "{\"berth\":{\"jobs\":{\"schedules\":{\"orphan-storage\":\"*/2 * * * * *\"}}}}");
    Instant begin = Instant.now();
    List<Path> orphans = new ArrayList<>();
    try (BerthProcess a = start(root.resolve("a"), env, "node-a");
        BerthProcess b = start(root.resolve("b"), env, "node-b")) {
      // each home's storage is its own: the sweep runs in both for every instant, not in the
      // lock's winner alone
      Instant planted = Instant.now();
      orphans.add(plantOrphan(root.resolve("a")));
      orphans.add(plantOrphan(root.resolve("b")));
      await().atMost(Duration.ofSeconds(60)).until(() -> scheduledRuns(begin).size() >= 8);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> orphans.stream().noneMatch(Files::exists) && sweptInBothHomesAtOnce(planted));
    }

    List<Run> runs = scheduledRuns(begin);
    assertThat(runs).allSatisfy(run -> assertThat(run.outcome()).isNotEqualTo("failure"));
    Map<Instant, Long> perInstant = new HashMap<>();
    runs.forEach(run -> perInstant.merge(run.scheduledFor(), 1L, Long::sum));
    assertThat(perInstant.values()).containsOnly(1L);
    // every instant between the first and the last one ran: the lock loses none of them
    Instant first = runs.getFirst().scheduledFor();
    Instant last = runs.getLast().scheduledFor();
    assertThat(runs).hasSize((int) (Duration.between(first, last).toSeconds() / 2) + 1);
    assertThat(runs.stream().map(Run::node).distinct()).isSubsetOf("node-a", "node-b");
  }

  private static BerthProcess start(Path home, Map<String, String> env, String node)
      throws Exception {
    Files.createDirectories(home);
    Map<String, String> own = new HashMap<>(env);
    own.put("BERTH_JOBS_NODE", node);
    return BerthProcess.start(home, own);
  }

  /** Volume storage a create cut short left a day ago, with no row. */
  private static Path plantOrphan(Path home) throws Exception {
    Path top = home.resolve("storage").resolve(io.berth.runtime.StorageNames.newVolume("orphans"));
    Files.createDirectories(top.resolve("data"));
    java.nio.file.attribute.FileTime dayAgo =
        java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofDays(1)));
    Files.setLastModifiedTime(top.resolve("data"), dayAgo);
    Files.setLastModifiedTime(top, dayAgo);
    return top;
  }

  private static boolean sweptInBothHomesAtOnce(Instant since) throws Exception {
    Map<Instant, java.util.Set<String>> nodes = new HashMap<>();
    for (Run run : scheduledRuns("orphan-storage", since)) {
      if ("success".equals(run.outcome())) {
        nodes.computeIfAbsent(run.scheduledFor(), i -> new java.util.HashSet<>()).add(run.node());
      }
    }
    return nodes.containsValue(java.util.Set.of("node-a", "node-b"));
  }

  record Run(Instant scheduledFor, String node, String outcome) {}

  private static List<Run> scheduledRuns(Instant since) throws Exception {
    return scheduledRuns("housekeeping", since);
  }

  private static List<Run> scheduledRuns(String job, Instant since) throws Exception {
    Map<String, String> env = postgresEnv();
    try (Connection c =
            DriverManager.getConnection(
                env.get("BERTH_DB_URL"), env.get("BERTH_DB_USER"), env.get("BERTH_DB_PASSWORD"));
        var statement =
            c.prepareStatement(
                "select scheduled_for, node, outcome from job_runs where job = ?"
                    + " and scheduled_for > ? and outcome <> 'running' order by scheduled_for")) {
      statement.setString(1, job);
      statement.setObject(2, since.atOffset(java.time.ZoneOffset.UTC));
      List<Run> runs = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          runs.add(
              new Run(
                  rs.getObject(1, java.time.OffsetDateTime.class).toInstant(),
                  rs.getString(2),
                  rs.getString(3)));
        }
      }
      return runs;
    }
  }

  private static Map<String, String> postgresEnv() {
    return TestDatabase.Postgres.started().environment();
  }
}
