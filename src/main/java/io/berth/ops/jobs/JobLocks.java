package io.berth.ops.jobs;

import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * ShedLock on the {@code shedlock} table. Lock times come from the database's clock, so processes
 * on machines whose clocks disagree still agree on who holds a lock.
 */
@Configuration(proxyBeanMethods = false)
class JobLocks {

  @Bean
  LockProvider jobLockProvider(DataSource dataSource, JobsProperties properties) {
    return new JdbcTemplateLockProvider(
        JdbcTemplateLockProvider.Configuration.builder()
            .withJdbcTemplate(new JdbcTemplate(dataSource))
            .withTableName("shedlock")
            .withLockedByValue(properties.node())
            .usingDbTime()
            .build());
  }
}
