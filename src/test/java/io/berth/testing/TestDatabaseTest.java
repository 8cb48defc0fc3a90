package io.berth.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every test learns where the suite's PostgreSQL runs (the URL bin/berth exports, and so its port)
 * from one place, {@link TestDatabase.Postgres}, so no test can name another server than the
 * others.
 */
class TestDatabaseTest {
  @Test
  void onlyTestDatabaseReadsWhereTheSuitesPostgresqlRuns() throws IOException {
    Path tests = Path.of("src/test/java");
    String self = "io/berth/testing/TestDatabase";
    try (Stream<Path> files = Files.walk(tests)) {
      List<String> readers =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> !tests.relativize(f).toString().startsWith(self))
              .filter(f -> read(f).contains("BERTH_TEST_PG_"))
              .map(f -> tests.relativize(f).toString())
              .toList();
      assertThat(readers).as("use TestDatabase.Postgres.started()").isEmpty();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
