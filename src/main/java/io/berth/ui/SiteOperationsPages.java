package io.berth.ui;

import io.berth.auth.Caller;
import io.berth.auth.SiteAdmin;
import io.berth.ops.backup.BackupOperations;
import io.berth.ops.backup.BackupView;
import io.berth.ops.backup.Verification;
import io.berth.ops.jobs.JobOverview;
import io.berth.ops.jobs.JobRun;
import io.berth.ops.probe.ProbeReport;
import io.berth.ops.probe.ProbeRunner;
import io.berth.web.ApiException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The site page's operations (site admins): create and verify backups, run the probe, a job's run
 * history and running it now. Each is the admin API's service call as the signed-in caller; its
 * result or refusal is shown in the section it came from ({@link Outcome}).
 */
@Controller
class SiteOperationsPages {
  private final SiteAdmin siteAdmin;
  private final BackupOperations backups;
  private final JobOverview jobs;
  private final ProbeRunner probe;

  SiteOperationsPages(
      SiteAdmin siteAdmin, BackupOperations backups, JobOverview jobs, ProbeRunner probe) {
    this.siteAdmin = siteAdmin;
    this.backups = backups;
    this.jobs = jobs;
    this.probe = probe;
  }

  /** What an action came to, shown once in its section of the site page. */
  public record Outcome(String section, boolean ok, String message) {}

  @PostMapping("/ui/admin/backups")
  String createBackup(Caller caller, RedirectAttributes flash) {
    return act(
        flash,
        "backups",
        () -> {
          BackupView created = backups.create(caller).backup();
          return "Backup " + created.id() + " created (" + created.sizeBytes() + " bytes).";
        });
  }

  @PostMapping("/ui/admin/backups/{backupId}/verify")
  String verifyBackup(Caller caller, @PathVariable String backupId, RedirectAttributes flash) {
    try {
      Verification result = backups.verify(caller, backupId);
      flash.addFlashAttribute(
          "outcome",
          switch (result) {
            case Verification.Verified v ->
                new Outcome(
                    "backups",
                    true,
                    "Backup "
                        + backupId
                        + " verified: restored into scratch, "
                        + v.rowCounts().size()
                        + " tables counted, "
                        + v.credentialsRead()
                        + " credentials decrypted.");
            case Verification.Damaged d ->
                new Outcome(
                    "backups",
                    false,
                    "Backup " + backupId + " is damaged: " + String.join("; ", d.problems()));
          });
    } catch (ApiException e) {
      flash.addFlashAttribute("outcome", new Outcome("backups", false, e.getMessage()));
    }
    return "redirect:/ui/admin#backups";
  }

  @PostMapping("/ui/admin/probe")
  String runProbe(Caller caller, RedirectAttributes flash) {
    siteAdmin.require(caller); // as the probe's admin API: a refusal, not a message on the page
    return act(
        flash,
        "probe",
        () -> {
          ProbeReport report = probe.runNow();
          return report.ok() ? "The probe passed." : "The probe failed.";
        });
  }

  @PostMapping("/ui/admin/jobs/{job}/run")
  String runJob(Caller caller, @PathVariable String job, RedirectAttributes flash) {
    try {
      JobRun run = jobs.run(caller, job);
      flash.addFlashAttribute(
          "outcome",
          new Outcome(
              "jobs",
              run.outcome() == JobRun.Outcome.SUCCESS,
              "Job " + job + " ran: " + run.outcome() + "."));
    } catch (ApiException e) {
      flash.addFlashAttribute("outcome", new Outcome("jobs", false, e.getMessage()));
    }
    return "redirect:/ui/admin/jobs/" + job;
  }

  /** One job's newest runs with their log excerpts. */
  @GetMapping("/ui/admin/jobs/{job}")
  String job(Caller caller, @PathVariable String job, Model model) {
    model.addAttribute("caller", caller);
    model.addAttribute("section", "admin");
    model.addAttribute("job", job);
    model.addAttribute("runs", jobs.runs(caller, job, 20));
    return "admin-job";
  }

  /** Runs a site admin's action; its message, or the refusal's, goes to the section. */
  private String act(RedirectAttributes flash, String section, Action action) {
    try {
      flash.addFlashAttribute("outcome", new Outcome(section, true, action.run()));
    } catch (ApiException e) {
      flash.addFlashAttribute("outcome", new Outcome(section, false, e.getMessage()));
    }
    return "redirect:/ui/admin#" + section;
  }

  private interface Action {
    String run();
  }
}
