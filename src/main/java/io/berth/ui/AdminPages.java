package io.berth.ui;

import io.berth.auth.Caller;
import io.berth.auth.SiteAdmin;
import io.berth.ops.backup.BackupOperations;
import io.berth.ops.jobs.JobOverview;
import io.berth.ops.probe.ProbeRunner;
import io.berth.pods.Pod;
import io.berth.pods.PodRepository;
import io.berth.pods.PodStatus;
import io.berth.quotas.QuotaUpdate;
import io.berth.quotas.QuotaView;
import io.berth.quotas.Quotas;
import io.berth.volumes.Volume;
import io.berth.volumes.VolumeRepository;
import io.berth.web.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The site admins' page: every tenant's pods and volumes counted; the quotas of the users of the
 * admin's own tenant who hold any (limits and use, as {@code GET /v3/pods/quotas/{user}}) and a
 * form setting a user's ({@code PUT}); the backups, the scheduled jobs and the probe's last report
 * ({@link SiteOperationsPages} acts on them). Refused (403, the admin API's message) to anyone
 * else.
 */
@Controller
class AdminPages {
  /** The quota form's fields, by the API's names; running_pods before pods, which it contains. */
  static final List<String> QUOTA_FIELDS =
      List.of("running_pods", "tcp_ports", "volume_mb", "pods", "user");

  private final SiteAdmin siteAdmin;
  private final PodRepository pods;
  private final VolumeRepository volumes;
  private final Quotas quotas;
  private final BackupOperations backups;
  private final JobOverview jobs;
  private final ProbeRunner probe;

  AdminPages(
      SiteAdmin siteAdmin,
      PodRepository pods,
      VolumeRepository volumes,
      Quotas quotas,
      BackupOperations backups,
      JobOverview jobs,
      ProbeRunner probe) {
    this.siteAdmin = siteAdmin;
    this.pods = pods;
    this.volumes = volumes;
    this.quotas = quotas;
    this.backups = backups;
    this.jobs = jobs;
    this.probe = probe;
  }

  /** One tenant's line of the overview. */
  record TenantLine(
      String tenant, int pods, int available, int failed, int volumes, long volumeMb) {}

  @GetMapping("/ui/admin")
  String admin(Caller caller, Model model) {
    siteAdmin.require(caller);
    Map<String, int[]> counts = new TreeMap<>();
    Map<String, Long> volumeMb = new TreeMap<>();
    TreeSet<String> users = new TreeSet<>();
    for (Pod pod : pods.listAll()) {
      int[] c = counts.computeIfAbsent(pod.tenant(), t -> new int[4]);
      c[0]++;
      c[1] += pod.status() == PodStatus.AVAILABLE ? 1 : 0;
      c[2] += pod.status() == PodStatus.ERROR ? 1 : 0;
      if (pod.tenant().equals(caller.tenant())) {
        users.add(pod.createdBy());
      }
    }
    for (Volume volume : volumes.listAll()) {
      counts.computeIfAbsent(volume.tenant(), t -> new int[4])[3]++;
      volumeMb.merge(volume.tenant(), (long) volume.sizeLimitMb(), Long::sum);
      if (volume.tenant().equals(caller.tenant())) {
        users.add(volume.createdBy());
      }
    }
    List<TenantLine> tenants =
        counts.entrySet().stream()
            .map(e -> {
              int[] c = e.getValue();
              return new TenantLine(
                  e.getKey(), c[0], c[1], c[2], c[3], volumeMb.getOrDefault(e.getKey(), 0L));
            })
            .toList();
    List<QuotaView> userQuotas = users.stream().map(u -> quotas.view(caller, u)).toList();
    model.addAttribute("caller", caller);
    model.addAttribute("section", "admin");
    model.addAttribute("tenants", tenants);
    model.addAttribute("quotas", userQuotas);
    model.addAttribute("backups", backups.list(caller));
    model.addAttribute("jobs", jobs.list(caller));
    model.addAttribute("probe", probe.last());
    if (!model.containsAttribute("quotaValues")) {
      model.addAttribute("quotaValues", Map.of());
    }
    return "admin";
  }

  /**
   * Sets a user's quotas as {@code PUT /v3/pods/quotas/{user}} does (an empty field: the site's
   * default); a refusal goes next to the field it names, the form kept as it was.
   */
  @PostMapping("/ui/admin/quotas")
  String setQuotas(
      Caller caller, @RequestParam Map<String, String> form, RedirectAttributes flash) {
    siteAdmin.require(caller);
    try {
      quotas.set(
          caller,
          form.getOrDefault("user", "").trim(),
          new QuotaUpdate(
              limit(form, "pods"),
              limit(form, "running_pods"),
              limit(form, "tcp_ports"),
              limit(form, "volume_mb")));
      flash.addFlashAttribute(
          "outcome",
          new SiteOperationsPages.Outcome(
              "quotas", true, "Quotas of " + form.get("user").trim() + " set."));
    } catch (ApiException e) {
      Map<String, String> kept = new LinkedHashMap<>(form);
      kept.remove("_csrf");
      flash.addFlashAttribute("quotaValues", kept);
      flash.addFlashAttribute("quotaError", FormError.of(e.getMessage(), QUOTA_FIELDS));
    }
    return "redirect:/ui/admin#quotas";
  }

  private static Long limit(Map<String, String> form, String field) {
    String value = form.getOrDefault(field, "").trim();
    if (value.isEmpty()) {
      return null;
    }
    try {
      return Long.valueOf(value);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "Field " + field + " must be a whole number (or empty: the site's default).");
    }
  }
}
