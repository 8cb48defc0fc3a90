package io.berth.ops.backup;

import io.berth.auth.AuthProperties;
import io.berth.config.BerthProperties;
import io.berth.ops.jobs.JobsProperties;
import io.berth.templates.TemplatesProperties;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The running Berth's backups: its own BERTH_HOME and database. */
@Configuration(proxyBeanMethods = false)
class BackupConfig {

  @Bean
  Backups backups(
      BerthProperties berth,
      TemplatesProperties templates,
      AuthProperties auth,
      BackupProperties properties,
      JobsProperties jobs,
      Clock clock) {
    BerthProperties.Db db = berth.db();
    SiteLayout layout =
        new SiteLayout(
            berth.homePath(),
            new SiteLayout.Database(db.url(), db.user(), db.password()),
            templates.siteDirectory() == null
                ? berth.homePath().resolve("templates")
                : Path.of(templates.siteDirectory()).toAbsolutePath());
    return new Backups(layout, properties, auth.dataKey(), clock, jobs.zone());
  }
}
