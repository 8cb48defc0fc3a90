package io.berth.ops.jobs;

import io.berth.auth.Caller;
import io.berth.auth.SiteAdmin;
import io.berth.web.ApiException;
import io.berth.web.Envelope;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The scheduled jobs, their run history, and running one now; administrators only. */
@RestController
@RequestMapping("/v3/admin/jobs")
class JobsController {
  private final JobScheduler scheduler;
  private final JobHistory history;
  private final JobMetrics metrics;
  private final JobsProperties properties;
  private final SiteAdmin siteAdmin;

  JobsController(
      JobScheduler scheduler,
      JobHistory history,
      JobMetrics metrics,
      JobsProperties properties,
      SiteAdmin siteAdmin) {
    this.siteAdmin = siteAdmin;
    this.scheduler = scheduler;
    this.history = history;
    this.metrics = metrics;
    this.properties = properties;
  }

  @GetMapping
  Envelope<List<JobView>> list(Caller caller) {
    siteAdmin.require(caller);
    List<JobView> jobs =
        scheduler.entries().stream()
            .map(e -> {
              String name = e.job().name();
              return new JobView(
                  name,
                  e.schedule().expression(),
                  properties.timeZone(),
                  scheduler.nextRun(name).orElse(null),
                  history.lastRun(name).map(JobsController::withoutLog).orElse(null),
                  metrics.lastSuccess(name).orElse(null),
                  metrics.stale(name));
            })
            .toList();
    return Envelope.ok("Jobs retrieved successfully.", jobs);
  }

  @GetMapping("/{job}/runs")
  Envelope<List<JobRun>> runs(
      Caller caller, @PathVariable String job, @RequestParam(defaultValue = "20") int limit) {
    siteAdmin.require(caller);
    known(job);
    if (limit < 1 || limit > 1000) {
      throw ApiException.badRequest("limit must be between 1 and 1000.");
    }
    return Envelope.ok("Job runs retrieved successfully.", history.runs(job, limit));
  }

  @PostMapping("/{job}/run")
  Envelope<JobRun> run(Caller caller, @PathVariable String job) {
    siteAdmin.require(caller);
    known(job);
    return switch (scheduler.runNow(job)) {
      case JobResult.Succeeded<Void> ok -> Envelope.ok("The job ran successfully.", ok.run());
      case JobResult.Failed<Void> failed ->
          Envelope.ok("The job ran and failed; see log_excerpt.", failed.run());
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
