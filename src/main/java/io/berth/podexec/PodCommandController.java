package io.berth.podexec;

import io.berth.auth.Caller;
import io.berth.web.Envelope;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code exec} and {@code upload_to_pod}: working inside a pod's running container (USER). */
@RestController
@RequestMapping("/v3/pods/{podId}")
class PodCommandController {
  private final PodCommandService commands;

  PodCommandController(PodCommandService commands) {
    this.commands = commands;
  }

  /**
   * Runs one command ({@code ["ls", "-l"]}) or several ({@code [["ls"], ["pwd"]]}) one after the
   * other, without a shell, each within command_timeout and all within total_timeout.
   */
  @PostMapping("/exec")
  Envelope<ExecReport> exec(
      Caller caller, @PathVariable String podId, @RequestBody ExecRequest request) {
    PodCommandService.Outcome outcome = commands.exec(caller, podId, request);
    return Envelope.ok(outcome.message(), outcome.report());
  }

  /** Multipart: {@code file} and {@code dest_path} (absolute; parents are made). */
  @PostMapping("/upload_to_pod")
  Envelope<String> upload(Caller caller, @PathVariable String podId, HttpServletRequest request) {
    return Envelope.ok(
        "File uploaded to pod successfully.", commands.upload(caller, podId, request));
  }
}
