package io.berth.ops.jobs;

import io.berth.auth.Caller;
import io.berth.auth.SiteAdmin;
import io.berth.web.ApiException;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * The scheduled jobs for site admins, for the admin API and the site page alike: each job with its
 * schedule, next run, last run and staleness; a job's run history; running one now.
 */
@Service
public class JobOverview {
  private final JobScheduler scheduler;
  private final JobHistory history;
  private final JobMetrics metrics;
  private final JobsProperties properties;
  private final SiteAdmin siteAdmin;

  JobOverview(
      JobScheduler scheduler,
      JobHistory history,
      JobMetrics metrics,
      JobsProperties properties,
      SiteAdmin siteAdmin) {
    this.scheduler = scheduler;
    this.history = history;
    this.metrics = metrics;
    this.properties = properties;
    this.siteAdmin = siteAdmin;
  }

  public List<JobView> list(Caller caller) {
    siteAdmin.require(caller);
    return scheduler.entries().stream()
        .map(e -> {
          String name = e.job().name();
          return new JobView(
              name,
              e.schedule().expression(),
              properties.timeZone(),
              scheduler.nextRun(name).orElse(null),
              history.lastRun(name).map(JobOverview::withoutLog).orElse(null),
              metrics.lastSuccess(name).orElse(null),
              metrics.stale(name));
        })
        .toList();
  }

  /** The job's newest runs first, with their log excerpts (404 for an unknown job). */
  public List<JobRun> runs(Caller caller, String job, int limit) {
    siteAdmin.require(caller);
    known(job);
    if (limit < 1 || limit > 1000) {
      throw ApiException.badRequest("limit must be between 1 and 1000.");
    }
    return history.runs(job, limit);
  }

  /** Runs the job now and answers the run, failed or not; not run (held elsewhere) is a 409. */
  public JobRun run(Caller caller, String job) {
    siteAdmin.require(caller);
    known(job);
    return switch (scheduler.runNow(job)) {
      case JobResult.Succeeded<Void> ok -> ok.run();
      case JobResult.Failed<Void> failed -> failed.run();
      case JobResult.NotRun<Void> notRun -> throw ApiException.conflict(notRun.reason() + ".");
    };
  }

  private void known(String job) {
    if (scheduler.entry(job).isEmpty()) {
      throw ApiException.notFound("No job named " + job + ".");
    }
  }

  private static JobRun withoutLog(JobRun run) {
    return new JobRun(
        run.id(),
        run.job(),
        run.node(),
        run.scheduledFor(),
        run.started(),
        run.finished(),
        run.outcome(),
        null);
  }
}
