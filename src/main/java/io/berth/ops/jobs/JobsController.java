package io.berth.ops.jobs;

import io.berth.auth.Caller;
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
  private final JobOverview jobs;

  JobsController(JobOverview jobs) {
    this.jobs = jobs;
  }

  @GetMapping
  Envelope<List<JobView>> list(Caller caller) {
    return Envelope.ok("Jobs retrieved successfully.", jobs.list(caller));
  }

  @GetMapping("/{job}/runs")
  Envelope<List<JobRun>> runs(
      Caller caller, @PathVariable String job, @RequestParam(defaultValue = "20") int limit) {
    return Envelope.ok("Job runs retrieved successfully.", jobs.runs(caller, job, limit));
  }

  @PostMapping("/{job}/run")
  Envelope<JobRun> run(Caller caller, @PathVariable String job) {
    JobRun run = jobs.run(caller, job);
    return Envelope.ok(
        run.outcome() == JobRun.Outcome.SUCCESS
            ? "The job ran successfully."
            : "The job ran and failed; see log_excerpt.",
        run);
  }
}
