package io.berth.podexec;

import io.berth.web.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What an exec request asks for, checked: the commands (each a non-empty list of strings, run
 * without a shell), the timeout of each and of all, and whether to stop at the first failure.
 * Tapis's defaults: 60 s a command, 300 s in all, stop on failure.
 */
record ExecPlan(
    List<List<String>> commands,
    Duration commandTimeout,
    Duration totalTimeout,
    boolean failOnNonSuccess) {
  static final int DEFAULT_COMMAND_TIMEOUT = 60;
  static final int DEFAULT_TOTAL_TIMEOUT = 300;

  static ExecPlan of(ExecRequest request, PodExecProperties limits) {
    if (request == null || request.commands() == null) {
      throw ApiException.badRequest("Field commands is required: a list of strings or of lists.");
    }
    if (!(request.commands() instanceof List<?> given) || given.isEmpty()) {
      throw ApiException.badRequest(
          "Field commands must be a non-empty list: one command as a list of strings"
              + " ([\"ls\", \"-l\"]) or several as a list of lists ([[\"ls\"], [\"pwd\"]]).");
    }
    List<List<String>> commands = new ArrayList<>();
    if (given.getFirst() instanceof List<?>) {
      for (int i = 0; i < given.size(); i++) {
        if (!(given.get(i) instanceof List<?> one)) {
          throw ApiException.badRequest(
              "Field commands[" + i + "] must be a list of strings, as the first item is.");
        }
        commands.add(command(one, "commands[" + i + "]"));
      }
    } else {
      commands.add(command(given, "commands"));
    }
    if (commands.size() > limits.maxCommands()) {
      throw ApiException.badRequest(
          "Field commands holds "
              + commands.size()
              + " commands; this site runs at most "
              + limits.maxCommands()
              + " in one request.");
    }
    long max = limits.maxTimeout().toSeconds();
    Duration each =
        Duration.ofSeconds(
            seconds(request.commandTimeout(), "command_timeout", DEFAULT_COMMAND_TIMEOUT, max));
    Duration all =
        Duration.ofSeconds(
            seconds(request.totalTimeout(), "total_timeout", DEFAULT_TOTAL_TIMEOUT, max));
    Object fail = request.failOnNonSuccess();
    if (fail != null && !(fail instanceof Boolean)) {
      throw ApiException.badRequest("Field fail_on_non_success must be true or false.");
    }
    return new ExecPlan(List.copyOf(commands), each, all, fail == null || (Boolean) fail);
  }

  private static List<String> command(List<?> words, String field) {
    if (words.isEmpty()) {
      throw ApiException.badRequest("Field " + field + " must name a program: it is empty.");
    }
    List<String> command = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      if (!(words.get(i) instanceof String word)) {
        throw ApiException.badRequest("Field " + field + "[" + i + "] must be a string.");
      }
      if (word.indexOf('\0') >= 0) {
        throw ApiException.badRequest(
            "Field " + field + "[" + i + "] must not contain a NUL character.");
      }
      command.add(word);
    }
    if (command.getFirst().isBlank()) {
      throw ApiException.badRequest("Field " + field + "[0] must name a program: it is blank.");
    }
    return List.copyOf(command);
  }

  private static long seconds(Object value, String field, int fallback, long max) {
    if (value == null) {
      return Math.min(fallback, max);
    }
    if (!(value instanceof Integer || value instanceof Long)) {
      throw ApiException.badRequest("Field " + field + " must be a whole number of seconds.");
    }
    long seconds = ((Number) value).longValue();
    if (seconds < 1 || seconds > max) {
      throw ApiException.badRequest(
          "Field " + field + " must be between 1 and " + max + " seconds; it is " + seconds + ".");
    }
    return seconds;
  }
}
