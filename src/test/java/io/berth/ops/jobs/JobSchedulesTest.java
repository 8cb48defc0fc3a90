package io.berth.ops.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** Every job's schedule can be set from the environment, dashed names included. */
class JobSchedulesTest {

  @Test
  void aDashedJobIsScheduledFromItsEnvironmentVariable() {
    JobScheduler scheduler =
        scheduler(
            Map.of(
                "BERTH_JOBS_SCHEDULES_RESTORE_DRILL", "0 0 3 * * *",
                "BERTH_JOBS_SCHEDULES_PROBE", "-"));

    assertThat(cron(scheduler, "restore-drill")).isEqualTo("0 0 3 * * *");
    assertThat(cron(scheduler, "probe")).isEqualTo("-");
  }

  @Test
  void theDashedNameWorksInProperties() {
    JobsProperties properties =
        new JobsProperties(true, "n", "UTC", Map.of("restore-drill", "0 0 4 * * *"), 2.0, null);

    assertThat(properties.schedule("restore-drill")).contains("0 0 4 * * *");
    assertThat(properties.unknownSchedules(java.util.List.of("restore-drill"))).isEmpty();
  }

  @Test
  void aScheduleNamingNoJobIsFound() {
    JobsProperties properties = bind(Map.of("BERTH_JOBS_SCHEDULES_RESTORE_DRIL", "0 0 3 * * *"));

    assertThat(properties.unknownSchedules(java.util.List.of("restore-drill", "probe")))
        .containsExactly("restore.dril");
  }

  private static String cron(JobScheduler scheduler, String job) {
    return scheduler.entry(job).orElseThrow().schedule().expression();
  }

  private static JobScheduler scheduler(Map<String, Object> environment) {
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    beans.addBean("drill", job("restore-drill"));
    beans.addBean("probe", job("probe"));
    return new JobScheduler(
        beans.getBeanProvider(ScheduledJob.class),
        null,
        null,
        bind(environment),
        Clock.systemUTC());
  }

  private static JobsProperties bind(Map<String, Object> environment) {
    return new Binder(
            ConfigurationPropertySources.from(
                new SystemEnvironmentPropertySource(
                    StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment)))
        .bindOrCreate("berth.jobs", JobsProperties.class);
  }

  private static ScheduledJob job(String name) {
    return new ScheduledJob() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String defaultCron() {
        return "0 0 1 * * *";
      }

      @Override
      public void run(JobLog log) {}
    };
  }
}
