package io.berth.jupyter;

import io.berth.auth.Caller;
import io.berth.podexec.PodCommandService;
import io.berth.pods.PodService;
import io.berth.web.Envelope;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Tapis's Jupyter calls: {@code ensure} (the caller's notebook pod, found or created and started)
 * and {@code upload} (a file into a notebook pod, as {@code upload_to_pod} copies it, its {@code
 * path} relative to the notebook's root).
 */
@RestController
@RequestMapping("/v3/pods/jupyter")
class JupyterController {
  private final NotebookPods notebooks;
  private final PodCommandService commands;
  private final PodService pods;
  private final JupyterProperties properties;

  JupyterController(
      NotebookPods notebooks,
      PodCommandService commands,
      PodService pods,
      JupyterProperties properties) {
    this.notebooks = notebooks;
    this.commands = commands;
    this.pods = pods;
    this.properties = properties;
  }

  @GetMapping("/ensure")
  Envelope<NotebookPod> ensure(Caller caller) {
    NotebookPods.Ensured ensured = notebooks.ensure(caller);
    return Envelope.ok(
        ensured.created()
            ? "Created new Jupyter pod successfully."
            : "Retrieved existing Jupyter pod successfully.",
        ensured.pod());
  }

  /** Multipart: {@code file} and {@code path} (relative to the notebook's root; parents made). */
  @PostMapping("/{podId}/upload")
  Envelope<Uploaded> upload(Caller caller, @PathVariable String podId, HttpServletRequest request) {
    String path = commands.uploadToNotebook(caller, podId, request, properties.root());
    return Envelope.ok(
        "File uploaded to Jupyter pod successfully.",
        new Uploaded(path, podId, pods.get(caller, podId).url()));
  }

  /** Tapis's answer to an upload: where the file went, the pod, the notebook's URL. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Uploaded(String uploadPath, String podName, String url) {}
}
