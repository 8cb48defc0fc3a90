package io.berth.ui;

import io.berth.auth.Caller;
import io.berth.permissions.PermissionGrant;
import io.berth.runtime.storage.FileEntry;
import io.berth.runtime.storage.Paths;
import io.berth.volumes.Downloads;
import io.berth.volumes.MultipartUpload;
import io.berth.volumes.NewVolume;
import io.berth.volumes.Volume;
import io.berth.volumes.VolumeFiles;
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
 * Volumes: the list and the create form, and a volume's page: a browser of its folders (upload,
 * download, new folder, rename or move, delete after a second click) and sharing. Every call is
 * {@link VolumeService}'s, as the signed-in caller.
 */
@Controller
class VolumePages {
  static final List<String> FIELDS = List.of("volume_id", "size_limit", "description");

  private final VolumeService volumes;
  private final VolumeFiles files;
  private final JsonMapper json;

  VolumePages(VolumeService volumes, VolumeFiles files, JsonMapper json) {
    this.volumes = volumes;
    this.files = files;
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

  /** A volume's page: one folder of it ({@code path}, the root when absent) and its sharing. */
  @GetMapping("/ui/volumes/{volumeId}")
  String volume(
      Caller caller,
      @PathVariable String volumeId,
      @RequestParam(defaultValue = "") String path,
      Model model) {
    String folder = Paths.relative(path);
    model.addAttribute("caller", caller);
    model.addAttribute("section", "volumes");
    model.addAttribute("volume", volumes.get(caller, volumeId));
    model.addAttribute("folder", folder);
    model.addAttribute("crumbs", Crumb.of(folder));
    // folders first, then files, each by name
    model.addAttribute(
        "files",
        files.folder(caller, volumeId, folder).stream()
            .sorted(
                Comparator.comparing((FileEntry f) -> !f.directory())
                    .thenComparing(FileEntry::path))
            .toList());
    model.addAttribute("permissions", volumes.permissions(caller, volumeId));
    return "volume";
  }

  /** One step of the path to the folder shown. */
  record Crumb(String name, String path) {
    static List<Crumb> of(String folder) {
      List<Crumb> crumbs = new java.util.ArrayList<>();
      if (!folder.isEmpty()) {
        int from = 0;
        for (int slash; (slash = folder.indexOf('/', from)) >= 0; from = slash + 1) {
          crumbs.add(new Crumb(folder.substring(from, slash), folder.substring(0, slash)));
        }
        crumbs.add(new Crumb(folder.substring(from), folder));
      }
      return crumbs;
    }
  }

  @PostMapping("/ui/volumes/{volumeId}/files/mkdir")
  String makeFolder(
      Caller caller,
      @PathVariable String volumeId,
      @RequestParam(defaultValue = "") String folder,
      @RequestParam(defaultValue = "") String name,
      RedirectAttributes flash) {
    String trimmed = name.trim();
    try {
      if (trimmed.isEmpty()) {
        throw ApiException.badRequest("A folder name is required.");
      }
      files.makeDirectory(caller, volumeId, folder.isEmpty() ? trimmed : folder + "/" + trimmed);
    } catch (ApiException e) {
      flash.addFlashAttribute("folderError", e.getMessage());
    }
    return backTo(volumeId, folder);
  }

  @PostMapping("/ui/volumes/{volumeId}/files/move")
  String move(
      Caller caller,
      @PathVariable String volumeId,
      @RequestParam String path,
      @RequestParam(defaultValue = "") String destination,
      RedirectAttributes flash) {
    String to = Paths.relative(destination.trim());
    try {
      files.move(caller, volumeId, path, to);
      return backTo(volumeId, parent(to));
    } catch (ApiException e) {
      flash.addFlashAttribute("fileError", e.getMessage());
      return backTo(volumeId, parent(path));
    }
  }

  @PostMapping("/ui/volumes/{volumeId}/files/delete")
  String delete(
      Caller caller,
      @PathVariable String volumeId,
      @RequestParam String path,
      RedirectAttributes flash) {
    try {
      files.remove(caller, volumeId, path);
    } catch (ApiException e) {
      flash.addFlashAttribute("fileError", e.getMessage());
    }
    return backTo(volumeId, parent(path));
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  private static String backTo(String volumeId, String folder) {
    return "redirect:"
        + org.springframework.web.util.UriComponentsBuilder.fromPath("/ui/volumes/{id}")
            .queryParamIfPresent(
                "path",
                folder.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(folder))
            .buildAndExpand(volumeId)
            .encode()
            .toUriString();
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
