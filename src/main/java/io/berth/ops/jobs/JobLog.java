package io.berth.ops.jobs;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job run's log: each line goes to Berth's log and the most recent ones are kept as the excerpt
 * stored in the run history. Never write secrets here.
 */
public final class JobLog {
  static final int EXCERPT_CHARS = 8_000;
  private static final Logger log = LoggerFactory.getLogger(JobLog.class);

  private final String job;
  private final Clock clock;
  private final Deque<String> lines = new ArrayDeque<>();
  private int chars;
  private int dropped;

  public JobLog(String job, Clock clock) {
    this.job = job;
    this.clock = clock;
  }

  /** A log that only keeps lines, for work run outside the scheduler (the command line). */
  public static JobLog standalone(String job) {
    return new JobLog(job, Clock.systemUTC());
  }

  public void info(String message) {
    log.info("[job {}] {}", job, message);
    keep("INFO", message);
  }

  public void warn(String message) {
    log.warn("[job {}] {}", job, message);
    keep("WARN", message);
  }

  public void error(String message) {
    log.error("[job {}] {}", job, message);
    keep("ERROR", message);
  }

  public synchronized String excerpt() {
    StringBuilder text = new StringBuilder();
    if (dropped > 0) {
      text.append("[").append(dropped).append(" earlier lines omitted]\n");
    }
    lines.forEach(line -> text.append(line).append('\n'));
    return text.toString();
  }

  private synchronized void keep(String level, String message) {
    String line = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS) + " " + level + " " + message;
    if (line.length() > EXCERPT_CHARS) {
      line = line.substring(0, EXCERPT_CHARS);
    }
    lines.addLast(line);
    chars += line.length() + 1;
    while (chars > EXCERPT_CHARS && lines.size() > 1) {
      chars -= lines.removeFirst().length() + 1;
      dropped++;
    }
  }
}
