package io.berth.config;

import org.flywaydb.core.Flyway;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Flyway migrates only when a migration is pending, and otherwise only validates: Flyway's migrate
 * commits a transaction even with nothing to do, which fails on a full disk (H2 writes a chunk on
 * that commit), and Berth must start on a full disk to say why and serve what it can.
 */
@Configuration(proxyBeanMethods = false)
class MigrateWhenPending {
  @Bean
  FlywayMigrationStrategy flywayMigrationStrategy() {
    return flyway -> migrate(flyway);
  }

  static void migrate(Flyway flyway) {
    if (flyway.info().pending().length > 0) {
      flyway.migrate();
    } else {
      flyway.validate();
    }
  }
}
