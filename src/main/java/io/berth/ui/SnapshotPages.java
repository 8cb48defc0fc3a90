package io.berth.ui;

import io.berth.auth.Caller;
import io.berth.runtime.storage.FileEntry;
import io.berth.runtime.storage.Paths;
import io.berth.snapshots.NewSnapshot;
import io.berth.snapshots.SnapshotService;
import io.berth.snapshots.SnapshotView;
import io.berth.volumes.Downloads;
import io.berth.volumes.VolumeService;
import io.berth.volumes.VolumeView;
import io.berth.web.ApiException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * Snapshots: the list with the form that takes one of a volume (or of a folder of it), and a
 * snapshot's page with its files to download and its deletion. Every call is {@link
 * SnapshotService}'s, as the signed-in caller.
 */
@Controller
class SnapshotPages {
  static final List<String> FIELDS =
      List.of(
          "snapshot_id",
          "source_volume_id",
          "source_volume_path",
          "destination_path",
          "size_limit",
          "description");

  private final SnapshotService snapshots;
  private final VolumeService volumes;
  private final JsonMapper json;

  SnapshotPages(SnapshotService snapshots, VolumeService volumes, JsonMapper json) {
    this.snapshots = snapshots;
    this.volumes = volumes;
    this.json = json;
  }

  @GetMapping("/ui/snapshots")
  String list(Caller caller, @RequestParam(defaultValue = "") String volume, Model model) {
    return page(caller, model, Map.of("source_volume_id", volume), null);
  }

  @PostMapping("/ui/snapshots")
  String create(Caller caller, @RequestParam Map<String, String> form, Model model) {
    Map<String, Object> body = new LinkedHashMap<>();
    for (String field : List.of("snapshot_id", "source_volume_id", "source_volume_path")) {
      body.put(field, form.getOrDefault(field, "").trim());
    }
    String description = form.getOrDefault("description", "").trim();
    if (!description.isEmpty()) {
      body.put("description", description);
    }
    try {
      SnapshotView made = snapshots.create(caller, json.convertValue(body, NewSnapshot.class));
      return "redirect:/ui/snapshots/" + made.snapshotId();
    } catch (ApiException e) {
      return page(caller, model, form, FormError.of(e.getMessage(), FIELDS));
    }
  }

  private String page(Caller caller, Model model, Map<String, String> values, FormError error) {
    model.addAttribute("caller", caller);
    model.addAttribute("section", "snapshots");
    model.addAttribute(
        "snapshots",
        snapshots.list(caller).stream()
            .sorted(Comparator.comparing(SnapshotView::snapshotId))
            .toList());
    model.addAttribute(
        "volumes", volumes.list(caller).stream().map(VolumeView::volumeId).sorted().toList());
    model.addAttribute("values", values);
    model.addAttribute("error", error);
    return "snapshots";
  }

  @GetMapping("/ui/snapshots/{snapshotId}")
  String snapshot(Caller caller, @PathVariable String snapshotId, Model model) {
    model.addAttribute("caller", caller);
    model.addAttribute("section", "snapshots");
    model.addAttribute("snapshot", snapshots.get(caller, snapshotId));
    model.addAttribute(
        "files",
        snapshots.files(caller, snapshotId).stream()
            .sorted(Comparator.comparing(FileEntry::path))
            .toList());
    return "snapshot";
  }

  @GetMapping("/ui/snapshots/{snapshotId}/download")
  ResponseEntity<InputStreamResource> download(
      Caller caller, @PathVariable String snapshotId, @RequestParam String path) {
    return Downloads.of(snapshots.download(caller, snapshotId, Paths.relative(path)));
  }

  @PostMapping("/ui/snapshots/{snapshotId}/delete")
  String delete(Caller caller, @PathVariable String snapshotId, RedirectAttributes flash) {
    try {
      snapshots.delete(caller, snapshotId);
    } catch (ApiException e) {
      flash.addFlashAttribute("deleteError", e.getMessage());
      return "redirect:/ui/snapshots/" + snapshotId;
    }
    return "redirect:/ui/snapshots";
  }
}
