package io.berth.ops.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The runner on an in-memory H2 with the real migration and the real ShedLock provider. */
class JobRunnerTest {
  private final Clock clock = Clock.systemUTC();
  private JobRunner runner;
  private JobHistory history;
  private SimpleMeterRegistry registry;
  private JdbcDataSource dataSource;

  @BeforeEach
  void setUp() throws Exception {
    dataSource = new JdbcDataSource();
    dataSource.setURL(
        "jdbc:h2:mem:jobs-"
            + System.nanoTime()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
    io.berth.testing.MemoryDatabase.migrate(dataSource, null);
    JdbcTemplate template = new JdbcTemplate(dataSource);
    JobsProperties properties = new JobsProperties(true, "node-a", "UTC", Map.of(), 2.0, null);
    history = new JobHistory(JdbcClient.create(dataSource));
    registry = new SimpleMeterRegistry();
    JobMetrics metrics = new JobMetrics(registry, history, properties, clock);
    runner =
        new JobRunner(
            new JdbcTemplateLockProvider(
                JdbcTemplateLockProvider.Configuration.builder()
                    .withJdbcTemplate(template)
                    .usingDbTime()
                    .build()),
            history,
            metrics,
            properties,
            clock);
  }

  @Test
  void recordsASuccessWithItsLogAndCountsIt() {
    JobResult<String> result =
        runner.run(
            "demo",
            Instant.parse("2026-01-01T00:00:00Z"),
            Duration.ofMinutes(1),
            Duration.ZERO,
            log -> {
              log.info("did the work");
              return "value";
            });

    assertThat(result).isInstanceOf(JobResult.Succeeded.class);
    JobRun run = ((JobResult.Succeeded<String>) result).run();
    assertThat(run.outcome()).isEqualTo(JobRun.Outcome.SUCCESS);
    assertThat(run.finished()).isNotNull();
    assertThat(run.logExcerpt()).contains("did the work");
    assertThat(
            registry
                .get("berth.job.runs")
                .tags("berth_job", "demo", "outcome", "success")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(
            registry.get("berth.job.last.run.duration").tags("berth_job", "demo").gauge().value())
        .isNotNaN();
  }

  @Test
  void aFailureKeepsTheReason() {
    JobResult<Void> result =
        runner.run(
            "demo",
            null,
            Duration.ofMinutes(1),
            Duration.ZERO,
            log -> {
              throw new IllegalStateException("the disk is full");
            });

    assertThat(result).isInstanceOf(JobResult.Failed.class);
    JobRun run = ((JobResult.Failed<Void>) result).run();
    assertThat(run.outcome()).isEqualTo(JobRun.Outcome.FAILURE);
    assertThat(run.logExcerpt()).contains("the disk is full");
  }

  @Test
  void anInstantAlreadyRunIsNotRunAgain() {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    runner.run("demo", at, Duration.ofMinutes(1), Duration.ZERO, log -> null);

    JobResult<Object> again =
        runner.run("demo", at, Duration.ofMinutes(1), Duration.ZERO, log -> 1);

    assertThat(again).isInstanceOf(JobResult.NotRun.class);
    assertThat(history.runs("demo", 10)).hasSize(1);
  }

  @Test
  void eachScopeRunsAnInstantOnceAndHoldsALockOfItsOwn() throws Exception {
    // two processes on one database, each sweeping its own home: both run the instant
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread homeA =
        Thread.ofVirtual()
            .start(() ->
                runner.run(
                    "sweep",
                    "home-a",
                    at,
                    Duration.ofMinutes(1),
                    Duration.ZERO,
                    log -> {
                      started.countDown();
                      release.await(30, TimeUnit.SECONDS);
                      return null;
                    }));
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

    JobResult<Object> homeB =
        runner.run("sweep", "home-b", at, Duration.ofMinutes(1), Duration.ZERO, log -> 1);
    release.countDown();
    homeA.join();
    JobResult<Object> homeBAgain =
        runner.run("sweep", "home-b", at, Duration.ofMinutes(1), Duration.ZERO, log -> 1);

    assertThat(homeB).isInstanceOf(JobResult.Succeeded.class);
    assertThat(homeBAgain).isInstanceOf(JobResult.NotRun.class);
    assertThat(history.runs("sweep", 10)).hasSize(2);
  }

  @Test
  void aScopedLockNameFitsShedLocksColumnAndTellsScopesApart() {
    String longName = "j".repeat(64);
    assertThat(JobRunner.lockName(longName, ScheduledJob.WHOLE_SITE)).isEqualTo(longName);
    assertThat(JobRunner.lockName(longName, "home-a")).hasSizeLessThanOrEqualTo(64);
    assertThat(JobRunner.lockName("sweep", "home-a"))
        .startsWith("sweep@")
        .isNotEqualTo(JobRunner.lockName("sweep", "home-b"));
  }

  @Test
  void aJobHeldElsewhereIsNotRun() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder =
        Thread.ofVirtual()
            .start(() ->
                runner.run(
                    "demo",
                    null,
                    Duration.ofMinutes(1),
                    Duration.ZERO,
                    log -> {
                      started.countDown();
                      release.await(30, TimeUnit.SECONDS);
                      return null;
                    }));
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    AtomicReference<JobResult<Object>> second = new AtomicReference<>();

    second.set(runner.run("demo", null, Duration.ofMinutes(1), Duration.ZERO, log -> 1));
    release.countDown();
    holder.join();

    assertThat(second.get()).isInstanceOf(JobResult.NotRun.class);
    assertThat(((JobResult.NotRun<Object>) second.get()).reason()).contains("another process");
  }
}
