package io.berth.processes.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.processes.catalog.ExecutionUnit;
import io.berth.processes.catalog.ExecutionUnit.OutputBinding;
import io.berth.processes.jobs.Job;
import io.berth.processes.jobs.JobPhase;
import io.berth.processes.jobs.JobResult;
import io.berth.runtime.storage.FileEntry;
import io.berth.runtime.storage.StoragePathException;
import io.berth.testing.MemoryStorage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Collecting a job's outputs: an output named by a plain path is opened directly (no listing of the
 * volume); a glob lists; what is not a regular file there counts as missing, as in a listing.
 */
class OutputCollectorTest {
  static final String STORAGE = "vol-t-job";

  final AtomicInteger listings = new AtomicInteger();
  final MemoryStorage storage =
      new MemoryStorage() {
        @Override
        public List<FileEntry> list(String storageId) {
          listings.incrementAndGet();
          return super.list(storageId);
        }

        @Override
        public StoredFile read(String storageId, String path) {
          if (path.endsWith("/link")) {
            throw new StoragePathException(StoragePathException.Reason.OUTSIDE, "a link");
          }
          return super.read(storageId, path);
        }
      };
  final OutputCollector collector =
      new OutputCollector(storage, JsonMapper.builder().build(), JobSpecsTest.SITE);

  Map<String, JobResult> collect(Job job) {
    return collector.collect(job, STORAGE, () -> new byte[0]);
  }

  void put(String path, String text) {
    storage.create(STORAGE);
    storage.put(STORAGE, path, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void plainPathsAreOpenedWithoutListingTheVolume() {
    put("outputs/message", "hello\n");
    put("outputs/pause", "0\n");
    Map<String, JobResult> results = collect(JobPlannerTest.job(JobPhase.RUNNING, false));
    assertThat(results.get("message").value().asString()).isEqualTo("hello");
    assertThat(results.get("pause").value().asInt()).isZero();
    assertThat(listings).hasValue(0);
  }

  @Test
  void aGlobListsTheVolumeAndTakesTheFirstMatch() {
    put("outputs/b.txt", "second");
    put("outputs/a.txt", "first");
    put("outputs/pause", "0\n");
    Map<String, JobResult> results = collect(withGlob("message", "*.txt"));
    assertThat(results.get("message").value().asString()).isEqualTo("first");
    assertThat(results.get("message").path()).isEqualTo("outputs/a.txt");
    assertThat(listings).hasValue(1);
  }

  @Test
  void aMissingOrIrregularOutputFailsNamingIt() {
    put("outputs/pause", "0\n");
    assertThatThrownBy(() -> collect(JobPlannerTest.job(JobPhase.RUNNING, false)))
        .isInstanceOf(OutputCollector.OutputProblem.class)
        .hasMessage("output message: no file matches 'message' under /outputs");
    assertThatThrownBy(() -> collect(withGlob("message", "link")))
        .as("a link (or a FIFO) where the output should be is no output")
        .isInstanceOf(OutputCollector.OutputProblem.class)
        .hasMessage("output message: no file matches 'link' under /outputs");
  }

  @Test
  void onlyGlobsWithoutPatternCharactersArePlain() {
    assertThat(OutputCollector.plain("message")).isTrue();
    assertThat(OutputCollector.plain("sub/result.csv")).isTrue();
    for (String glob : List.of("*.txt", "out?", "[ab].csv", "{a,b}", "a\\*")) {
      assertThat(OutputCollector.plain(glob)).as(glob).isFalse();
    }
  }

  static Job withGlob(String output, String glob) {
    Job echo = JobPlannerTest.job(JobPhase.RUNNING, false);
    ExecutionUnit unit = echo.process().unit();
    Map<String, OutputBinding> outputs = new java.util.HashMap<>(unit.outputs());
    outputs.put(output, new OutputBinding(glob, false, false));
    return JobSpecsTest.withUnit(
        echo,
        new ExecutionUnit(
            unit.image(),
            unit.entrypoint(),
            unit.base(),
            unit.arguments(),
            outputs,
            unit.stdout(),
            unit.cpuCores(),
            unit.memoryMiB(),
            unit.timeoutSeconds(),
            unit.networkAccess()));
  }
}
