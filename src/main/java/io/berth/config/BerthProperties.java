package io.berth.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Site-wide settings: where state lives, the API port, the site name and the database. Feature
 * settings live in their own feature's properties.
 */
@ConfigurationProperties("berth")
public record BerthProperties(String home, int port, String site, Db db) {

  public BerthProperties {
    home = home == null || home.isBlank() ? "./.berth" : home;
    site = site == null || site.isBlank() ? "berth" : site;
    db = db == null ? new Db(null, null, null, 16, null) : db;
  }

  public Path homePath() {
    return Path.of(home).toAbsolutePath().normalize();
  }

  /** PostgreSQL in production; an H2 file in BERTH_HOME when no URL is configured. */
  /**
   * {@code lockTimeout}: how long a statement waits for a row another transaction holds (a user's
   * quota row, say) before the request is answered 503; the same on H2 and PostgreSQL (30 s).
   */
  public record Db(
      String url, String user, String password, int poolSize, java.time.Duration lockTimeout) {
    public Db {
      lockTimeout = lockTimeout == null ? java.time.Duration.ofSeconds(30) : lockTimeout;
    }

    public boolean embedded() {
      return url == null || url.isBlank();
    }
  }
}
