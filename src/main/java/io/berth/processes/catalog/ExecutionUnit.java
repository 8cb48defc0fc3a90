package io.berth.processes.catalog;

import java.util.List;
import java.util.Map;

/**
 * How a process runs, whatever package it came from (a docker execution unit or a CWL
 * CommandLineTool): an image, the command line and where each output is found. Inputs are files
 * under {@code /inputs}, outputs are written under {@code /outputs}, the working directory.
 *
 * @param entrypoint replaces the image's entrypoint when not empty
 * @param base the command line's first words (CWL's baseCommand), before the arguments
 * @param arguments fixed words and input values, ordered by position
 * @param outputs where each output is found, by output id
 * @param stdout the file name standard output is saved as, under /outputs (null: not kept)
 * @param cpuCores at most this many cores (null: the site's default)
 * @param memoryMiB at most this much memory (null: the site's default)
 * @param timeoutSeconds the job's time limit (null: the site's default)
 * @param networkAccess whether the job's container has a network (its owner's jobs network); none
 *     unless the package asks (CWL's {@code NetworkAccess}), as CWL itself rules
 */
public record ExecutionUnit(
    String image,
    List<String> entrypoint,
    List<String> base,
    List<Argument> arguments,
    Map<String, OutputBinding> outputs,
    String stdout,
    Double cpuCores,
    Integer memoryMiB,
    Integer timeoutSeconds,
    Boolean networkAccess) {

  public ExecutionUnit {
    networkAccess = Boolean.TRUE.equals(networkAccess); // units stored before it: no network
    entrypoint = List.copyOf(entrypoint);
    base = List.copyOf(base);
    arguments = List.copyOf(arguments);
    outputs = Map.copyOf(outputs);
  }

  /**
   * A word of the command line: a literal, or an input's value(s) ({@code input} set), each after
   * {@code prefix} when there is one ({@code separate}: as its own word), arrays joined by {@code
   * itemSeparator} when there is one.
   */
  public record Argument(
      int position,
      String literal,
      String input,
      String prefix,
      boolean separate,
      String itemSeparator) {

    public static Argument literal(int position, String value) {
      return new Argument(position, value, null, null, true, null);
    }
  }

  /**
   * An output: the first file under /outputs matching {@code glob}, or the saved stdout; an
   * optional one (CWL's {@code File?}) may be missing.
   */
  public record OutputBinding(String glob, boolean stdout, boolean optional) {}

  /** Whether the job's container gets a network at all. */
  public boolean networked() {
    return networkAccess;
  }
}
