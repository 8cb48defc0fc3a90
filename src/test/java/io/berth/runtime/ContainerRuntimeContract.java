package io.berth.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.berth.testing.TestJobSpecs;
import io.berth.testing.TestPodSpecs;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ContainerRuntime} adapter must do, whatever engine is behind it. Each adapter
 * has a subclass that supplies the runtime, an image and a way to check an endpoint answers.
 */
public abstract class ContainerRuntimeContract {
  protected final String tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
  private final List<PodKey> made = new ArrayList<>();
  private final List<JobKey> jobsMade = new ArrayList<>();

  protected abstract ContainerRuntime runtime();

  /** An image the engine has, serving HTTP on port 5000 by default. */
  protected abstract String image();

  /** Whether the endpoint accepts connections (adapter-specific: a socket, a published service). */
  protected abstract boolean answers(Endpoint endpoint);

  /** Reads a file inside the running container (for mount and env checks). */
  protected abstract String exec(PodKey key, String... command);

  protected PodSpec spec(
      String podId, long generation, List<String> command, List<MountSpec> mounts) {
    PodKey key = new PodKey(tenant, podId);
    made.add(key);
    return TestPodSpecs.of(key, image())
        .generation(generation)
        .command(command)
        .env(Map.of("GREETING", "hello"))
        .ports(new PortSpec("default", 5000, null))
        .mounts(mounts)
        .build();
  }

  protected JobSpec job(String jobId, List<String> command, List<MountSpec> mounts) {
    JobKey key = new JobKey(tenant, jobId);
    jobsMade.add(key);
    return TestJobSpecs.of(key, image()).command(command).mounts(mounts).build();
  }

  @AfterEach
  void removeWhatWasMade() {
    made.forEach(runtime()::remove);
    jobsMade.forEach(runtime()::removeJob);
  }

  @Test
  void appliedPodRunsAndItsPortAnswers() {
    ObservedPod pod = runtime().apply(spec("web", 1, List.of(), List.of()));
    assertThat(pod.key()).isEqualTo(new PodKey(tenant, "web"));
    assertThat(pod.generation()).isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> observeState("web") == ContainerState.RUNNING);
    Endpoint endpoint =
        runtime().observe(new PodKey(tenant, "web")).orElseThrow().endpoints().get(5000);
    assertThat(endpoint).isNotNull();
    await().atMost(Duration.ofSeconds(20)).until(() -> answers(endpoint));
  }

  @Test
  void applyIsIdempotentAndANewGenerationReplaces() {
    ObservedPod first = runtime().apply(spec("idem", 1, List.of(), List.of()));
    ObservedPod again = runtime().apply(spec("idem", 1, List.of(), List.of()));
    assertThat(again.containerId()).isEqualTo(first.containerId());
    ObservedPod replaced = runtime().apply(spec("idem", 2, List.of(), List.of()));
    assertThat(replaced.containerId()).isNotEqualTo(first.containerId());
    assertThat(replaced.generation()).isEqualTo(2);
    assertThat(mine()).extracting(ObservedPod::generation).containsExactly(2L);
  }

  @Test
  void concurrentAppliesMakeOneContainer() throws Exception {
    PodSpec spec = spec("race", 1, List.of(), List.of());
    var pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<ObservedPod>> results = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        results.add(pool.submit((Callable<ObservedPod>) () -> runtime().apply(spec)));
      }
      for (Future<ObservedPod> r : results) {
        r.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(mine()).hasSize(1);
  }

  @Test
  void removeIsIdempotentAndObserveAllListsOnlyManagedPods() {
    runtime().apply(spec("one", 1, List.of(), List.of()));
    runtime().apply(spec("two", 5, List.of(), List.of()));
    assertThat(mine())
        .extracting(o -> o.key().podId() + ":" + o.generation())
        .containsExactlyInAnyOrder("one:1", "two:5");
    runtime().remove(new PodKey(tenant, "one"));
    runtime().remove(new PodKey(tenant, "one"));
    runtime().remove(new PodKey(tenant, "never"));
    assertThat(runtime().observe(new PodKey(tenant, "one"))).isEmpty();
    assertThat(mine()).extracting(o -> o.key().podId()).containsExactly("two");
  }

  @Test
  void exitCodesAreReported() {
    runtime().apply(spec("ok", 1, List.of("/bin/sh", "-c", "echo done"), List.of()));
    runtime().apply(spec("bad", 1, List.of("/bin/sh", "-c", "echo failing; exit 3"), List.of()));
    await().atMost(Duration.ofSeconds(20)).until(() -> observeState("ok") == ContainerState.EXITED);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> observeState("bad") == ContainerState.EXITED);
    assertThat(runtime().observe(new PodKey(tenant, "ok")).orElseThrow().exitCode()).isZero();
    assertThat(runtime().observe(new PodKey(tenant, "bad")).orElseThrow().exitCode()).isEqualTo(3);
    assertThat(mine())
        .filteredOn(o -> o.key().podId().equals("bad"))
        .extracting(ObservedPod::exitCode)
        .containsExactly(3);
  }

  /** Longer than a read of docker-java's decoder (1,024 bytes), which cut it into pieces. */
  static final String LONG_LINE = "long" + "x".repeat(3000);

  @Test
  void outputIsReadFromWhereTheLastReadLeftOffWithAPartialLastLine() {
    ObservedPod talk =
        runtime()
            .apply(
                spec(
                    "talk",
                    1,
                    List.of(
                        "/bin/sh",
                        "-c",
                        "echo first; echo $GREETING world; echo "
                            + LONG_LINE
                            + "; echo -n no newline; sleep 600"),
                    List.of()));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> observeState("talk") == ContainerState.RUNNING);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> runtime().readOutput(talk, OutputCursor.START).text().endsWith("no newline"));
    OutputChunk all = runtime().readOutput(talk, OutputCursor.START);
    assertThat(all.text()).isEqualTo("first\nhello world\n" + LONG_LINE + "\nno newline");
    // read again from its second: a line longer than the client's 1 KB reads is not sent twice
    OutputChunk again = runtime().readOutput(talk, all.next());
    assertThat(again.text()).isEmpty();
    assertThat(again.next()).isEqualTo(all.next());
  }

  @Test
  void followingEndsWhenTheContainerHasEndedOrIsGone() {
    ObservedPod done =
        runtime().apply(spec("done", 1, List.of("/bin/sh", "-c", "echo bye; exit 0"), List.of()));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> observeState("done") == ContainerState.EXITED);
    CollectedOutput ended = new CollectedOutput();
    try (OutputFollower follower = runtime().followOutput(done, OutputCursor.START, ended)) {
      await().atMost(Duration.ofSeconds(20)).until(ended::ended);
      assertThat(ended.text()).isEqualTo("bye\n");
      assertThat(ended.failure()).isNull();
    }
    // followed from where a read left off: nothing is sent twice
    OutputCursor read = runtime().readOutput(done, OutputCursor.START).next();
    CollectedOutput rest = new CollectedOutput();
    try (OutputFollower follower = runtime().followOutput(done, read, rest)) {
      await().atMost(Duration.ofSeconds(20)).until(rest::ended);
      assertThat(rest.text()).isEmpty();
    }
    runtime().remove(done.key());
    CollectedOutput gone = new CollectedOutput();
    try (OutputFollower follower = runtime().followOutput(done, OutputCursor.START, gone)) {
      await().atMost(Duration.ofSeconds(20)).until(gone::ended);
      assertThat(gone.text()).isEmpty();
    }
  }

  @Test
  void missingImageIsNamed() {
    PodSpec missing =
        TestPodSpecs.of(new PodKey(tenant, "ghost"), "localhost/berth-test/does-not-exist:9")
            .build();
    assertThatThrownBy(() -> runtime().apply(missing))
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessageContaining("localhost/berth-test/does-not-exist:9");
  }

  @Test
  void mountedStorageKeepsDataAcrossContainersAndReadOnlyMountsAreReadOnly() {
    String storage = "vol-" + tenant + "-data";
    List<MountSpec> mounts =
        List.of(
            new MountSpec(storage, "", "/data", false), new MountSpec(storage, "", "/ro", true));
    runtime()
        .apply(
            spec("writer", 1, List.of("/bin/sh", "-c", "echo kept > /data/f; sleep 600"), mounts));
    PodKey writer = new PodKey(tenant, "writer");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> exec(writer, "cat", "/data/f").contains("kept"));
    assertThat(exec(writer, "/bin/sh", "-c", "echo x > /ro/g 2>&1 || echo refused"))
        .contains("refused");
    runtime().remove(writer);
    runtime().apply(spec("reader", 1, List.of("/bin/sh", "-c", "sleep 600"), mounts));
    PodKey reader = new PodKey(tenant, "reader");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> observeState("reader") == ContainerState.RUNNING);
    assertThat(exec(reader, "cat", "/ro/f")).contains("kept");
  }

  @Test
  void aJobRunsToCompletionOnceAndIsNoPod() {
    JobSpec spec = job("once", List.of("/bin/sh", "-c", "echo ran; exit 3"), List.of());
    ObservedJob started = runtime().startJob(spec);
    assertThat(started.key()).isEqualTo(new JobKey(tenant, "once"));
    await().atMost(Duration.ofSeconds(20)).until(() -> jobState("once") == ContainerState.EXITED);
    ObservedJob ended = runtime().observeJob(new JobKey(tenant, "once")).orElseThrow();
    assertThat(ended.exitCode()).isEqualTo(3);
    assertThat(ended.imageDigest()).isNotBlank();
    // starting again adopts what ran: the job is not run a second time
    ObservedJob again = runtime().startJob(spec);
    assertThat(again.containerId()).isEqualTo(ended.containerId());
    assertThat(again.state()).isEqualTo(ContainerState.EXITED);
    assertThat(runtime().jobLog(new JobKey(tenant, "once"), 1000)).contains("ran");
    assertThat(runtime().observeJobs())
        .extracting(ObservedJob::key)
        .contains(new JobKey(tenant, "once"));
    assertThat(mine()).isEmpty();
  }

  @Test
  void aJobsStdoutIsReadFromItsStartAndCutPastTheLimit() {
    runtime()
        .startJob(job("talker", List.of("/bin/sh", "-c", "echo first; echo second"), List.of()));
    JobKey key = new JobKey(tenant, "talker");
    await().atMost(Duration.ofSeconds(20)).until(() -> jobState("talker") == ContainerState.EXITED);
    assertThat(new String(runtime().jobStdout(key, 1000), java.nio.charset.StandardCharsets.UTF_8))
        .startsWith("first\nsecond");
    assertThat(runtime().jobStdout(key, 3)).hasSize(4);
    assertThat(runtime().jobStdout(new JobKey(tenant, "none"), 10)).isEmpty();
  }

  @Test
  void aRunningJobIsRemovedAndRemovingIsIdempotent() {
    runtime().startJob(job("long", List.of("/bin/sh", "-c", "sleep 600"), List.of()));
    JobKey key = new JobKey(tenant, "long");
    await().atMost(Duration.ofSeconds(20)).until(() -> jobState("long") == ContainerState.RUNNING);
    runtime().removeJob(key);
    runtime().removeJob(key);
    runtime().removeJob(new JobKey(tenant, "never"));
    assertThat(runtime().observeJob(key)).isEmpty();
    assertThat(runtime().observeJobs()).extracting(ObservedJob::key).doesNotContain(key);
  }

  @Test
  void aJobWritesToItsStorageAndAMissingImageIsNamed() {
    String storage = "vol-" + tenant + "-jobout";
    List<MountSpec> mounts = List.of(new MountSpec(storage, "", "/outputs", false));
    runtime()
        .startJob(job("writer", List.of("/bin/sh", "-c", "echo result > /outputs/out"), mounts));
    await().atMost(Duration.ofSeconds(20)).until(() -> jobState("writer") == ContainerState.EXITED);
    assertThat(runtime().observeJob(new JobKey(tenant, "writer")).orElseThrow().exitCode())
        .isZero();
    runtime()
        .apply(
            spec(
                "reader",
                1,
                List.of("/bin/sh", "-c", "sleep 600"),
                List.of(new MountSpec(storage, "", "/data", true))));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> observeState("reader") == ContainerState.RUNNING);
    assertThat(exec(new PodKey(tenant, "reader"), "cat", "/data/out")).contains("result");
    JobSpec spec = job("ghost", List.of(), List.of());
    JobSpec missing =
        TestJobSpecs.from(spec)
            .image("localhost/berth-test/does-not-exist:9")
            .workingDir(null)
            .build();
    assertThatThrownBy(() -> runtime().startJob(missing))
        .isInstanceOf(ImageNotFoundException.class)
        .hasMessageContaining("localhost/berth-test/does-not-exist:9");
  }

  @Test
  void commandsRunInTheRunningContainerWithExitCodeOutputAndTimeout() {
    List<MountSpec> mounts = List.of(new MountSpec("vol-" + tenant + "-exec", "", "/data", false));
    runtime().apply(spec("shell", 1, List.of("/bin/sh", "-c", "sleep 600"), mounts));
    PodKey key = new PodKey(tenant, "shell");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> observeState("shell") == ContainerState.RUNNING);
    ExecResult failed =
        runtime()
            .exec(
                key,
                List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3"),
                Duration.ofSeconds(20),
                1024);
    assertThat(failed.exitCode()).isEqualTo(3);
    assertThat(failed.stdout()).isEqualTo("out\n");
    assertThat(failed.stderr()).isEqualTo("err\n");
    assertThat(failed.timedOut()).isFalse();
    assertThat(failed.outputCut()).isFalse();

    ExecResult talkative =
        runtime()
            .exec(
                key,
                List.of(
                    "/bin/sh",
                    "-c",
                    "i=0; while [ $i -lt 500 ]; do echo 0123456789; i=$((i+1)); done"),
                Duration.ofSeconds(20),
                100);
    assertThat(talkative.exitCode()).isZero();
    assertThat(talkative.stdout()).hasSize(100).startsWith("0123456789\n");
    assertThat(talkative.outputCut()).isTrue();

    ExecResult slow =
        runtime().exec(key, List.of("/bin/sh", "-c", "sleep 30"), Duration.ofMillis(500), 100);
    assertThat(slow.timedOut()).isTrue();
    assertThat(slow.exitCode()).isNull();
    assertThat(slow.took()).isLessThan(Duration.ofSeconds(10));

    assertThatThrownBy(() ->
            runtime()
                .exec(new PodKey(tenant, "never"), List.of("true"), Duration.ofSeconds(5), 100))
        .isInstanceOf(ContainerNotRunningException.class);
  }

  @Test
  void aFileIsCopiedIntoTheRunningContainerWithItsParents() {
    List<MountSpec> mounts =
        List.of(new MountSpec("vol-" + tenant + "-upload", "", "/data", false));
    runtime().apply(spec("target", 1, List.of("/bin/sh", "-c", "sleep 600"), mounts));
    PodKey key = new PodKey(tenant, "target");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> observeState("target") == ContainerState.RUNNING);
    byte[] content = "uploaded 'content'\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
    runtime()
        .upload(key, "/data/new dir/it's.txt", new ByteArrayInputStream(content), content.length);
    ExecResult read =
        runtime()
            .exec(
                key,
                List.of("/bin/sh", "-c", "cat '/data/new dir/it'\\''s.txt'"),
                Duration.ofSeconds(20),
                1024 * 1024);
    assertThat(read.stdout()).isEqualTo(new String(content, StandardCharsets.UTF_8));
    // a second upload replaces the file
    runtime().upload(key, "/data/new dir/it's.txt", new ByteArrayInputStream(new byte[] {'x'}), 1);
    assertThat(
            runtime()
                .exec(
                    key,
                    List.of("/bin/sh", "-c", "cat '/data/new dir/it'\\''s.txt'"),
                    Duration.ofSeconds(20),
                    100)
                .stdout())
        .isEqualTo("x");
    assertThatThrownBy(() ->
            runtime()
                .upload(
                    new PodKey(tenant, "never"),
                    "/data/x",
                    new ByteArrayInputStream(new byte[0]),
                    0))
        .isInstanceOf(ContainerNotRunningException.class);
  }

  private ContainerState jobState(String jobId) {
    return runtime().observeJob(new JobKey(tenant, jobId)).map(ObservedJob::state).orElse(null);
  }

  private ContainerState observeState(String podId) {
    return runtime().observe(new PodKey(tenant, podId)).map(ObservedPod::state).orElse(null);
  }

  private List<ObservedPod> mine() {
    return runtime().observeAll().stream().filter(o -> o.key().tenant().equals(tenant)).toList();
  }
}
