package io.berth.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command that starts the built jar in a test. About thirty tests start Berth as a process, and
 * on a 2-core CI machine each start is mostly class loading and linking. On a JDK with an
 * ahead-of-time cache (25+), the jar is extracted once and one training start (the context is
 * refreshed, then the JVM exits) records the cache every later start reuses: measured here, 7-10
 * CPU-seconds a start against 18 from the packed jar. Anything that goes wrong on the way falls
 * back to the packed jar, so this can make tests faster but never fail them.
 */
final class BerthLaunch {
  /** Flags every start uses; the cache is only valid for the flags it was trained with. */
  static final List<String> JVM_FLAGS =
      List.of(
          "-Xmx512m",
          // a test's Berth lives for seconds: the quick compiler and one GC thread start it on
          // less CPU, which on a 2-core machine is wall time
          "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC");

  private static List<String> command;

  private BerthLaunch() {}

  static synchronized List<String> command(Path jar) {
    if (command == null) {
      command = prepare(jar);
    }
    return command;
  }

  private static List<String> prepare(Path jar) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> packed = start(java, jar);
    if (Runtime.version().feature() < 25 || Boolean.getBoolean("berth.it.noAotCache")) {
      return packed;
    }
    Path dir = jar.resolveSibling("berth-aot");
    Path extracted = dir.resolve("berth.jar");
    Path cache = dir.resolve("berth.aot");
    try {
      if (!Files.exists(cache)
          || Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(jar)) < 0) {
        train(java, jar, dir, cache);
      }
      return start(java, extracted, "-XX:AOTCache=" + cache);
    } catch (IOException | RuntimeException e) {
      System.err.println("Starting Berth from the packed jar, without a cache: " + e);
      return packed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return packed;
    }
  }

  /** The one shape of every start: the JVM, the shared flags, a start's own options, the jar. */
  static List<String> start(String java, Path jar, String... options) {
    List<String> command = new ArrayList<>(List.of(java));
    command.addAll(JVM_FLAGS);
    command.addAll(List.of(options));
    command.addAll(List.of("-jar", jar.toString()));
    return List.copyOf(command);
  }

  private static void train(String java, Path jar, Path dir, Path cache)
      throws IOException, InterruptedException {
    deleteTree(dir);
    Files.createDirectories(dir);
    run(
        dir.resolve("extract.log"),
        null,
        List.of(
            java,
            "-Djarmode=tools",
            "-jar",
            jar.toString(),
            "extract",
            "--destination",
            dir.toString(),
            "--force"));
    Path home = Files.createTempDirectory("berth-aot-training");
    Path partial = dir.resolve("berth.aot.new");
    try {
      run(
          dir.resolve("training.log"),
          home,
          start(
              java,
              dir.resolve("berth.jar"),
              "-XX:AOTCacheOutput=" + partial,
              "-Dspring.context.exit=onRefresh"));
    } finally {
      deleteTree(home);
    }
    Files.move(partial, cache, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void run(Path log, Path home, List<String> command)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    if (home != null) {
      // a start that touches nothing outside its own home: no engine, no background work
      builder.environment().put("BERTH_HOME", home.toString());
      builder.environment().put("BERTH_PORT", "0");
      builder.environment().put("BERTH_PROXY_PORT", "0");
      builder.environment().put("BERTH_ENGINE_HOST", "unix://" + home.resolve("no-engine.sock"));
      builder.environment().put("BERTH_RECONCILER_ENABLED", "false");
      builder.environment().put("BERTH_JOBS_ENABLED", "false");
    }
    Process process = builder.start();
    if (!process.waitFor(300, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("timed out: " + String.join(" ", command));
    }
    if (process.exitValue() != 0) {
      throw new IOException("exit " + process.exitValue() + " (see " + log + ")");
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
