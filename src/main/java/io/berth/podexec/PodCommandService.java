package io.berth.podexec;

import io.berth.auth.Caller;
import io.berth.config.BerthProperties;
import io.berth.permissions.PermissionLevel;
import io.berth.pods.ActionLog;
import io.berth.pods.Pod;
import io.berth.pods.PodAccess;
import io.berth.pods.PodStatus;
import io.berth.runtime.ContainerNotRunningException;
import io.berth.runtime.ContainerPathException;
import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.EngineUnavailableException;
import io.berth.runtime.ExecResult;
import io.berth.runtime.PodKey;
import io.berth.runtime.RuntimeFailure;
import io.berth.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Runs commands in a pod's running container and copies files into it, for callers holding USER on
 * the pod, through the runtime port. Each command leaves an action log line naming its program and
 * how it ended, never its arguments (they may hold passwords); an upload names its path and size.
 */
@Service
public class PodCommandService {
  private final PodAccess access;
  private final ActionLog actionLog;
  private final ContainerRuntime runtime;
  private final PodExecProperties limits;
  private final Path spool;

  public PodCommandService(
      PodAccess access,
      ActionLog actionLog,
      ContainerRuntime runtime,
      PodExecProperties limits,
      BerthProperties berth) {
    this.access = access;
    this.actionLog = actionLog;
    this.runtime = runtime;
    this.limits = limits;
    this.spool = berth.homePath().resolve("spool").resolve("pod-uploads");
  }

  /** The report and the envelope's message (Tapis's wording). */
  public record Outcome(ExecReport report, String message) {}

  public Outcome exec(Caller caller, String podId, ExecRequest request) {
    // Rights first (404 hides the pod), then the body (400 names the field), then the state (409):
    // a malformed body is refused for what it is whatever state the pod is in.
    Pod pod = access.require(caller, podId, PermissionLevel.USER);
    ExecPlan plan = ExecPlan.of(request, limits);
    requireAvailable(pod);
    int outputLimit = (int) Math.min(Integer.MAX_VALUE, limits.outputLimit().toBytes());
    List<CommandResult> results = new ArrayList<>();
    String stopped = null;
    long deadline = System.nanoTime() + plan.totalTimeout().toNanos();
    for (int i = 0; i < plan.commands().size(); i++) {
      Duration left = Duration.ofNanos(deadline - System.nanoTime());
      if (left.compareTo(Duration.ofMillis(1)) < 0) {
        stopped = "Execution stopped due to total timeout.";
        break;
      }
      List<String> command = plan.commands().get(i);
      Duration timeout = left.compareTo(plan.commandTimeout()) < 0 ? left : plan.commandTimeout();
      Instant started = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      ExecResult result = run(pod, command, timeout, outputLimit);
      results.add(
          new CommandResult(
              command,
              result.stdout(),
              result.stderr(),
              result.succeeded(),
              result.exitCode(),
              result.timedOut(),
              result.outputCut(),
              result.took().toMillis() / 1000.0,
              started.toString()));
      actionLog.append(
          pod.tenant(),
          podId,
          caller.user(),
          "ran command "
              + (i + 1)
              + " of "
              + plan.commands().size()
              + " ("
              + program(command)
              + "): "
              + ending(result));
      if (result.timedOut()) {
        stopped = "Execution stopped due to command timeout on latest command.";
        break;
      }
      if (plan.failOnNonSuccess() && !result.succeeded()) {
        stopped = "Execution stopped due to command failure on latest command.";
        break;
      }
    }
    long successful = results.stream().filter(CommandResult::success).count();
    String message =
        stopped == null
            ? "All commands completed."
            : stopped
                + (stopped.contains("failure")
                    ? " Consider setting fail_on_non_success=False to continue through errors."
                    : " Consider increasing the timeout.");
    return new Outcome(
        new ExecReport(List.copyOf(results), plan.commands().size(), successful), message);
  }

  /** Copies the form's file to its {@code dest_path} in the pod; returns that path. */
  public String upload(Caller caller, String podId, HttpServletRequest request) {
    return upload(caller, podId, request, UploadForm.PathField.DEST_PATH);
  }

  /**
   * Copies the form's file to its {@code path}, relative to a notebook's {@code root}, in the pod
   * (Tapis's {@code upload_to_jupyter}); returns that path, relative to the root.
   */
  public String uploadToNotebook(
      Caller caller, String podId, HttpServletRequest request, String root) {
    return upload(caller, podId, request, NotebookPath.field(root)).substring(root.length() + 1);
  }

  private String upload(
      Caller caller, String podId, HttpServletRequest request, UploadForm.PathField field) {
    // As exec: rights first (404, before any byte is spooled), then the form (400 naming the
    // field), then the pod's state (409), read afresh once the form is whole.
    access.require(caller, podId, PermissionLevel.USER);
    try {
      Files.createDirectories(spool);
      Files.setPosixFilePermissions(spool, PosixFilePermissions.fromString("rwx------"));
      return UploadForm.read(
          request,
          limits.uploadLimit().toBytes(),
          spool,
          field,
          (path, file, size) -> {
            Pod pod = requireAvailable(access.require(caller, podId, PermissionLevel.USER));
            try (InputStream content = Files.newInputStream(file)) {
              runtime.upload(new PodKey(pod.tenant(), podId), path, content, size);
            } catch (RuntimeException e) {
              throw refusal(podId, e);
            }
            actionLog.append(
                pod.tenant(),
                podId,
                caller.user(),
                "uploaded a file of " + size + " bytes to " + path);
            return path;
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ExecResult run(Pod pod, List<String> command, Duration timeout, int outputLimit) {
    try {
      return runtime.exec(new PodKey(pod.tenant(), pod.podId()), command, timeout, outputLimit);
    } catch (RuntimeException e) {
      throw refusal(pod.podId(), e);
    }
  }

  /** The pod, when it is AVAILABLE (409 otherwise). */
  private static Pod requireAvailable(Pod pod) {
    if (pod.status() != PodStatus.AVAILABLE) {
      throw ApiException.conflict(
          "Pod "
              + pod.podId()
              + " is "
              + pod.status().text()
              + ": commands and uploads need it AVAILABLE (start it, or wait until it is).");
    }
    return pod;
  }

  private static RuntimeException refusal(String podId, RuntimeException e) {
    return switch (e) {
      case ApiException api -> api;
      case ContainerNotRunningException notRunning ->
          ApiException.conflict(
              "Pod " + podId + " has no running container (it is stopping or restarting).");
      case ContainerPathException path ->
          ApiException.badRequest("Field " + DestinationPath.FIELD + ": " + path.getMessage());
      case EngineUnavailableException down ->
          new ApiException(
              HttpStatus.SERVICE_UNAVAILABLE,
              "The container engine is unavailable: " + down.getMessage());
      case RuntimeFailure failure ->
          new ApiException(
              HttpStatus.BAD_GATEWAY, "The container engine failed: " + failure.getMessage());
      default -> e;
    };
  }

  /** A command's program, without its arguments. */
  private static String program(List<String> command) {
    String first = command.getFirst();
    return first.length() > 100 ? first.substring(0, 100) + "..." : first;
  }

  private static String ending(ExecResult result) {
    String took = String.format(Locale.ROOT, "%.3f s", result.took().toMillis() / 1000.0);
    if (result.timedOut()) {
      return "still running after " + took + " (timed out)";
    }
    return "exit code " + result.exitCode() + " after " + took;
  }
}
