package io.berth.ops.disk;

import io.berth.config.BerthProperties;
import io.berth.work.PeriodicTask;
import java.io.File;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Says when the disk holding BERTH_HOME is full: at start (Berth starts anyway, serving what it can
 * read) and whenever it fills up or has room again, checked every 30 s. What cannot be written then
 * is refused on its own (uploads and other writes answer 507 Insufficient Storage); this says why,
 * once, instead of leaving it to be guessed from failures. The log file lives on the same disk, so
 * the message also reaches the console.
 */
@Component
class HomeDiskSpace extends PeriodicTask {
  /**
   * Below this, writes of any size (a log line, a database page, an upload) are expected to fail.
   */
  static final long FULL_BELOW_BYTES = 16L * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(HomeDiskSpace.class);

  private final File home;
  private volatile Boolean full;

  HomeDiskSpace(BerthProperties berth) {
    super("berth-home-disk", Duration.ofSeconds(30), Duration.ofSeconds(30));
    this.home = berth.homePath().toFile();
    check();
  }

  boolean full() {
    return Boolean.TRUE.equals(full);
  }

  void check() {
    long free = home.getUsableSpace();
    long total = home.getTotalSpace();
    boolean now = total > 0 && free < FULL_BELOW_BYTES;
    Boolean before = full;
    full = now;
    if (now && !Boolean.TRUE.equals(before)) {
      String message =
          "The disk holding BERTH_HOME ({}) is full: {} MiB free of {} MiB. Berth runs and serves"
              + " what it can read; what it must write is refused until space is freed: uploads"
              + " and other writes answer 507 Insufficient Storage, new pods' data, backups and"
              + " the embedded database's changes fail, and BERTH_HOME/logs takes no more lines.";
      Object[] args = {home, free >> 20, total >> 20};
      log.warn(message, args); // the console shows it even when the log file cannot take it
    } else if (!now && Boolean.TRUE.equals(before)) {
      log.info("The disk holding BERTH_HOME ({}) has room again: {} MiB free", home, free >> 20);
    }
  }

  @Override
  protected void runOnce() {
    check();
  }
}
