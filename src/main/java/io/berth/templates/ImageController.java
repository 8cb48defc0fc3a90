package io.berth.templates;

import io.berth.auth.Caller;
import io.berth.web.ApiException;
import io.berth.web.Envelope;
import java.util.List;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The image allowlist as the Pods spec has it ({@code /v3/pods/images}): everyone reads it, tenant
 * admins change their tenant's entries. An image id is the pattern itself, slashes and all, so it
 * is the rest of the path.
 */
@RestController
@RequestMapping("/v3/pods/images")
class ImageController {
  private final ImageAllowlist allowlist;

  ImageController(ImageAllowlist allowlist) {
    this.allowlist = allowlist;
  }

  @GetMapping
  Envelope<List<ImageEntry>> images(Caller caller) {
    return Envelope.ok("Images retrieved successfully.", allowlist.list(caller.tenant()));
  }

  @PostMapping
  Envelope<ImageEntry> add(Caller caller, @RequestBody NewImageEntry entry) {
    requireTenantAdmin(caller);
    return Envelope.ok(
        "Image added successfully.", allowlist.add(caller.tenant(), caller.user(), entry));
  }

  @PostMapping("/bulk")
  Envelope<List<ImageEntry>> addAll(
      Caller caller,
      @RequestBody List<NewImageEntry> entries,
      @RequestParam(name = "skip_duplicates", defaultValue = "false") boolean skipDuplicates) {
    requireTenantAdmin(caller);
    return Envelope.ok(
        "Images added successfully.",
        allowlist.addAll(caller.tenant(), caller.user(), entries, skipDuplicates));
  }

  @GetMapping("/{*imageId}")
  Envelope<ImageEntry> image(Caller caller, @PathVariable String imageId) {
    return Envelope.ok(
        "Image retrieved successfully.", allowlist.get(caller.tenant(), pattern(imageId)));
  }

  @PutMapping("/{*imageId}")
  Envelope<ImageEntry> describe(
      Caller caller, @PathVariable String imageId, @RequestBody ImageUpdate update) {
    requireTenantAdmin(caller);
    return Envelope.ok(
        "Image updated successfully.",
        allowlist.describe(caller.tenant(), pattern(imageId), update));
  }

  @DeleteMapping("/{*imageId}")
  Envelope<String> remove(Caller caller, @PathVariable String imageId) {
    requireTenantAdmin(caller);
    allowlist.remove(caller.tenant(), pattern(imageId));
    return Envelope.ok("Image successfully deleted.", "");
  }

  private static String pattern(String imageId) {
    return imageId.startsWith("/") ? imageId.substring(1) : imageId;
  }

  private static void requireTenantAdmin(Caller caller) {
    if (!caller.isTenantAdmin()) {
      throw ApiException.forbidden("Only tenant admins may change the image allowlist.");
    }
  }
}
