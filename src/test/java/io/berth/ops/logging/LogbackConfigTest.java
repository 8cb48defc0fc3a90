package io.berth.ops.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped logback-spring.xml, loaded into a logging context of its own with the sizes Spring
 * Boot passes it (logging.logback.rollingpolicy.*, from BERTH_LOG_FILE_SIZE and
 * BERTH_LOG_TOTAL_SIZE): a flood of distinct lines stays under the total cap, and a failure
 * repeated thousands of times leaves one stack trace.
 */
class LogbackConfigTest {
  @TempDir Path dir;
  final LoggerContext context = new LoggerContext();

  @AfterEach
  void tearDown() {
    context.stop();
  }

  @Test
  void aFloodStaysUnderTheCapAndRepeatsLeaveOneStackTrace() throws Exception {
    Path file = dir.resolve("logs").resolve("berth.log");
    context.putProperty("LOG_FILE", file.toString());
    context.putProperty("LOGBACK_ROLLINGPOLICY_MAX_FILE_SIZE", "64KB");
    context.putProperty("LOGBACK_ROLLINGPOLICY_TOTAL_SIZE_CAP", "256KB");
    context.setMDCAdapter(new LogbackMDCAdapter());
    JoranConfigurator joran = new JoranConfigurator();
    joran.setContext(context);
    joran.doConfigure(getClass().getResource("/logback-spring.xml"));
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender("CONSOLE"); // keep the test quiet
    Logger log = context.getLogger("io.berth.web.ApiExceptionHandler");

    String line = "x".repeat(1000);
    for (int i = 0; i < 4000; i++) { // 4 MB of distinct lines
      log.warn("line {} {}", i, line);
    }
    for (int i = 0; i < 30; i++) {
      log.error("Unexpected failure while serving a request", new IllegalStateException("boom"));
    }

    // archives beyond the cap are removed after each roll-over, asynchronously
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(size(file.getParent())).isLessThan(256 * 1024 + 2 * 64 * 1024));
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files.filter(f -> f.toString().endsWith(".gz"))).isNotEmpty(); // it rolled
    }
    assertThat(occurrences(file.getParent(), "Unexpected failure while serving a request"))
        .isEqualTo(1);
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.mapToLong(f -> f.toFile().length()).sum();
    }
  }

  private static long occurrences(Path dir, String text) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .mapToLong(f -> {
            try (InputStream in =
                f.toString().endsWith(".gz")
                    ? new GZIPInputStream(Files.newInputStream(f))
                    : Files.newInputStream(f)) {
              return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                  .lines()
                  .filter(l -> l.contains(text))
                  .count();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          })
          .sum();
    }
  }
}
