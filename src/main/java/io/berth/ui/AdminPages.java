package io.berth.ui;

import io.berth.auth.Caller;
import io.berth.auth.SiteAdmin;
import io.berth.pods.Pod;
import io.berth.pods.PodRepository;
import io.berth.pods.PodStatus;
import io.berth.quotas.QuotaView;
import io.berth.quotas.Quotas;
import io.berth.volumes.Volume;
import io.berth.volumes.VolumeRepository;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The site admins' page: every tenant's pods and volumes counted, and the quotas of the users of
 * the admin's own tenant who hold any (limits and use, as {@code GET /v3/pods/quotas/{user}}).
 * Refused (403, the admin API's message) to anyone else.
 */
@Controller
class AdminPages {
  private final SiteAdmin siteAdmin;
  private final PodRepository pods;
  private final VolumeRepository volumes;
  private final Quotas quotas;

  AdminPages(SiteAdmin siteAdmin, PodRepository pods, VolumeRepository volumes, Quotas quotas) {
    this.siteAdmin = siteAdmin;
    this.pods = pods;
    this.volumes = volumes;
    this.quotas = quotas;
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
    return "admin";
  }
}
