package io.berth.runtime.docker.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The system tools local storage relies on (util-linux's mount, e2fsprogs, GNU find, rm and tar),
 * run with arguments, never through a shell.
 */
final class Commands {
  private static final long TIMEOUT_MINUTES = 30;

  private Commands() {}

  /** Runs {@code command}; returns its output, or throws with it when the command fails. */
  static String run(List<String> command) {
    Result result = attempt(command);
    if (result.exitCode() != 0) {
      throw new CommandFailed(command, result);
    }
    return result.output();
  }

  /** Runs {@code command} and returns its exit code and output, whatever they are. */
  static Result attempt(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output;
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return new Result(exit(process), output.strip());
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + command.get(0), e);
    }
  }

  /** The process's exit code once it ends (killed after {@value #TIMEOUT_MINUTES} minutes). */
  static int exit(Process process) {
    try {
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        return -1;
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + process.info(), e);
    }
  }

  /** Where {@code tool} is among the usual places (the sbin ones too, often not on PATH). */
  static java.util.Optional<String> locate(String tool) {
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
      if (java.nio.file.Files.isExecutable(Path.of(dir, tool))) {
        return java.util.Optional.of(dir + "/" + tool);
      }
    }
    return java.util.Optional.empty();
  }

  record Result(int exitCode, String output) {}

  /** A tool that answered with a failure: its command line and what it said. */
  static final class CommandFailed extends RuntimeException {
    private final String output;

    CommandFailed(List<String> command, Result result) {
      super(
          String.join(" ", command)
              + " failed (exit "
              + result.exitCode()
              + "): "
              + result.output());
      this.output = result.output();
    }

    String output() {
      return output;
    }
  }
}
