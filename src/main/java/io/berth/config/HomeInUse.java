package io.berth.config;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * This Berth's shared {@link HomeLock} on BERTH_HOME, taken before the database opens and held
 * until the process ends, so that {@code berth backup restore} knows the home is in use. A restore
 * in progress stops the start; a home where the lock file cannot be made (a full or read-only disk)
 * does not, since Berth must still start there.
 */
@Component
class HomeInUse implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(HomeInUse.class);

  private final HomeLock lock;

  HomeInUse(BerthProperties berth) {
    HomeLock taken = null;
    try {
      taken = HomeLock.shared(berth.homePath());
    } catch (HomeLock.InUseException e) {
      throw new IllegalStateException("Berth cannot start: " + e.getMessage());
    } catch (IOException e) {
      log.warn(
          "Could not lock {} ({}): berth backup restore cannot tell that this Berth uses it",
          berth.homePath().resolve(HomeLock.FILE),
          e.getMessage());
    }
    this.lock = taken;
  }

  @Override
  public void destroy() throws IOException {
    if (lock != null) {
      lock.close();
    }
  }
}
