package io.berth.pods;

import io.berth.auth.Caller;
import io.berth.permissions.PermissionGrant;
import io.berth.permissions.PermissionsView;
import io.berth.templates.TemplateTag;
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

/** The Tapis Pods endpoints for pods themselves. */
@RestController
@RequestMapping("/v3/pods")
class PodController {
  private final PodService pods;

  PodController(PodService pods) {
    this.pods = pods;
  }

  @GetMapping("/healthcheck")
  Envelope<String> healthcheck() {
    return Envelope.ok("I promise I'm healthy.", "I promise I'm healthy.");
  }

  @GetMapping
  Envelope<List<PodView>> list(Caller caller) {
    return Envelope.ok("Pods retrieved successfully.", pods.list(caller));
  }

  @PostMapping
  Envelope<PodView> create(Caller caller, @RequestBody NewPod request) {
    return Envelope.ok("Pod created successfully.", pods.create(caller, request));
  }

  @GetMapping("/{podId}")
  Envelope<PodView> get(Caller caller, @PathVariable String podId) {
    return Envelope.ok("Pod retrieved successfully.", pods.get(caller, podId));
  }

  @PutMapping("/{podId}")
  Envelope<PodView> update(
      Caller caller, @PathVariable String podId, @RequestBody PodUpdate update) {
    return pods.update(caller, podId, update)
        .envelope(
            "pod",
            "Pod updated successfully; changes to what it runs take effect at its next start or"
                + " restart.");
  }

  /**
   * Removes the pod from the API at once; its container goes with the reconciler's next pass. Its
   * template data storage is kept unless {@code delete_data=true}.
   */
  @DeleteMapping("/{podId}")
  Envelope<String> delete(
      Caller caller,
      @PathVariable String podId,
      @RequestParam(name = "delete_data", defaultValue = "false") boolean deleteData) {
    pods.delete(caller, podId, deleteData);
    return Envelope.ok("Pod successfully deleted.", "");
  }

  @GetMapping("/{podId}/start")
  Envelope<PodView> start(Caller caller, @PathVariable String podId) {
    return Envelope.ok(
        "Updated pod's status_requested to ON and requested pod.",
        pods.requestStatus(caller, podId, StatusRequested.ON));
  }

  @GetMapping("/{podId}/stop")
  Envelope<PodView> stop(Caller caller, @PathVariable String podId) {
    return Envelope.ok(
        "Updated pod's status_requested to OFF.",
        pods.requestStatus(caller, podId, StatusRequested.OFF));
  }

  @GetMapping("/{podId}/restart")
  Envelope<PodView> restart(
      Caller caller,
      @PathVariable String podId,
      @RequestParam(name = "grab_latest_template_tag", defaultValue = "false")
          boolean grabLatestTemplateTag) {
    return Envelope.ok(
        "Updated pod's status_requested to RESTART.",
        pods.restart(caller, podId, grabLatestTemplateTag));
  }

  @PostMapping("/{podId}/save_pod_as_template_tag")
  Envelope<TemplateTag> saveAsTemplateTag(
      Caller caller, @PathVariable String podId, @RequestBody NewTemplateTagFromPod request) {
    return Envelope.ok(
        "Template tag created successfully from the pod.",
        pods.saveAsTemplateTag(caller, podId, request));
  }

  @GetMapping("/{podId}/derived")
  Envelope<PodView> derived(Caller caller, @PathVariable String podId) {
    PodService.Derived derived = pods.derived(caller, podId);
    return new Envelope<>(
        "success",
        "Pod derived successfully; metadata.sources names where each field came from.",
        derived.pod(),
        Envelope.VERSION,
        derived.metadata(),
        null);
  }

  /** Moves a running pod's stop later: {@code {"seconds": N}} or {@code ?seconds=N}. */
  @PostMapping("/{podId}/extend")
  Envelope<PodView> extend(
      Caller caller,
      @PathVariable String podId,
      @RequestBody(required = false) PodExtension body,
      @RequestParam(name = "seconds", required = false) String seconds) {
    PodView pod = pods.extend(caller, podId, body, seconds);
    return Envelope.ok(
        pod.timeToStopTs() == null
            ? "Pod extended; it has no time_to_stop, its idle time counts from now."
            : "Pod extended; it stops at " + pod.timeToStopTs() + ".",
        pod);
  }

  @GetMapping("/{podId}/credentials")
  Envelope<PodCredentials> credentials(Caller caller, @PathVariable String podId) {
    return Envelope.ok("Pod credentials retrieved successfully.", pods.credentials(caller, podId));
  }

  @GetMapping("/{podId}/logs")
  Envelope<PodLogs> logs(Caller caller, @PathVariable String podId) {
    return Envelope.ok("Pod logs retrieved successfully.", pods.logs(caller, podId));
  }

  @GetMapping("/{podId}/permissions")
  Envelope<PermissionsView> permissions(Caller caller, @PathVariable String podId) {
    return Envelope.ok("Pod permissions retrieved successfully.", pods.permissions(caller, podId));
  }

  @PostMapping("/{podId}/permissions")
  Envelope<PermissionsView> grant(
      Caller caller, @PathVariable String podId, @RequestBody PermissionGrant grant) {
    return Envelope.ok("Pod permissions updated successfully.", pods.grant(caller, podId, grant));
  }

  @DeleteMapping("/{podId}/permissions/{user}")
  Envelope<PermissionsView> revoke(
      Caller caller, @PathVariable String podId, @PathVariable String user) {
    return Envelope.ok("Pod permission deleted successfully.", pods.revoke(caller, podId, user));
  }
}
