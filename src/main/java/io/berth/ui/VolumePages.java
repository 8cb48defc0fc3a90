package io.berth.ui;

import io.berth.auth.Caller;
import io.berth.permissions.PermissionGrant;
import io.berth.runtime.storage.FileEntry;
import io.berth.runtime.storage.Paths;
import io.berth.volumes.Downloads;
import io.berth.volumes.MultipartUpload;
import io.berth.volumes.NewVolume;
import io.berth.volumes.Volume;
import io.berth.volumes.VolumeService;
import io.berth.volumes.VolumeView;
import io.berth.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Comparator;
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
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * Volumes: the list and the create form, and a volume's page with its files (upload, download) and
 * sharing. Every call is {@link VolumeService}'s, as the signed-in caller.
 */
@Controller
class VolumePages {
  static final List<String> FIELDS = List.of("volume_id", "size_limit", "description");

  private final VolumeService volumes;
  private final JsonMapper json;

  VolumePages(VolumeService volumes, JsonMapper json) {
    this.volumes = volumes;
    this.json = json;
  }

  @GetMapping("/ui/volumes")
  String list(Caller caller, Model model) {
    return page(caller, model, Map.of(), null);
  }

  @PostMapping("/ui/volumes")
  String create(Caller caller, @RequestParam Map<String, String> form, Model model) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("volume_id", form.getOrDefault("volume_id", "").trim());
    String description = form.getOrDefault("description", "").trim();
    if (!description.isEmpty()) {
      body.put("description", description);
    }
    try {
      String limit = form.getOrDefault("size_limit", "").trim();
      if (!limit.isEmpty()) {
        body.put("size_limit", sizeLimit(limit));
      }
      VolumeView created = volumes.create(caller, json.convertValue(body, NewVolume.class));
      return "redirect:/ui/volumes/" + created.volumeId();
    } catch (ApiException e) {
      return page(caller, model, form, FormError.of(e.getMessage(), FIELDS));
    }
  }

  private static int sizeLimit(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("The field size_limit must be a whole number of megabytes.");
    }
  }

  private String page(Caller caller, Model model, Map<String, String> values, FormError error) {
    model.addAttribute("caller", caller);
    model.addAttribute("section", "volumes");
    model.addAttribute(
        "volumes",
        volumes.list(caller).stream().sorted(Comparator.comparing(VolumeView::volumeId)).toList());
    model.addAttribute("values", values);
    model.addAttribute("error", error);
    return "volumes";
  }

  @GetMapping("/ui/volumes/{volumeId}")
  String volume(Caller caller, @PathVariable String volumeId, Model model) {
    model.addAttribute("caller", caller);
    model.addAttribute("section", "volumes");
    model.addAttribute("volume", volumes.get(caller, volumeId));
    model.addAttribute(
        "files",
        volumes.files(caller, volumeId).stream()
            .sorted(Comparator.comparing(FileEntry::path))
            .toList());
    model.addAttribute("permissions", volumes.permissions(caller, volumeId));
    return "volume";
  }

  /**
   * The file browser's upload (XHR with the CSRF header, so it can show progress): the API's own
   * streaming multipart reader, permission, path and size checks.
   */
  @PostMapping("/ui/volumes/{volumeId}/upload")
  @ResponseBody
  Map<String, String> upload(
      Caller caller,
      @PathVariable String volumeId,
      @RequestParam String path,
      HttpServletRequest request) {
    String relative = Paths.relative(path.trim());
    Volume volume = volumes.beforeUpload(caller, volumeId, relative);
    volumes.upload(volume, relative, request.getContentLengthLong(), MultipartUpload.of(request));
    return Map.of("path", relative);
  }

  @GetMapping("/ui/volumes/{volumeId}/download")
  ResponseEntity<InputStreamResource> download(
      Caller caller, @PathVariable String volumeId, @RequestParam String path) {
    return Downloads.of(volumes.download(caller, volumeId, Paths.relative(path)));
  }

  @PostMapping("/ui/volumes/{volumeId}/permissions")
  String grant(
      Caller caller,
      @PathVariable String volumeId,
      @RequestParam(defaultValue = "") String user,
      @RequestParam(defaultValue = "") String level,
      RedirectAttributes flash) {
    try {
      volumes.grant(caller, volumeId, new PermissionGrant(user.trim(), level));
    } catch (ApiException e) {
      flash.addFlashAttribute("shareError", e.getMessage());
    }
    return "redirect:/ui/volumes/" + volumeId + "#sharing";
  }

  @PostMapping("/ui/volumes/{volumeId}/permissions/revoke")
  String revoke(
      Caller caller,
      @PathVariable String volumeId,
      @RequestParam String user,
      RedirectAttributes flash) {
    try {
      volumes.revoke(caller, volumeId, user);
    } catch (ApiException e) {
      flash.addFlashAttribute("shareError", e.getMessage());
    }
    return "redirect:/ui/volumes/" + volumeId + "#sharing";
  }
}
