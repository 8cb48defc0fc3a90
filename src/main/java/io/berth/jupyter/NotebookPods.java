package io.berth.jupyter;

import io.berth.auth.Caller;
import io.berth.pods.NewPod;
import io.berth.pods.PodRules;
import io.berth.pods.PodService;
import io.berth.pods.PodView;
import io.berth.pods.StatusRequested;
import io.berth.web.ApiException;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * A user's notebook pod, as Tapis's {@code ensure} makes it: the pod named {@code
 * <username>jupyter}, created from the site's jupyter template when it does not exist, started when
 * it is stopped. Everything goes through {@link PodService}, so the usual rules apply (READ on the
 * template, quotas, the allowlist). Two calls at once make one pod: the pod id is the key, so the
 * second create is refused as a duplicate and that call reads the pod the first one made.
 */
@Service
public class NotebookPods {
  static final int MAX_ID = 64;
  static final String SUFFIX = "jupyter";

  private final PodService pods;
  private final JupyterProperties properties;

  public NotebookPods(PodService pods, JupyterProperties properties) {
    this.pods = pods;
    this.properties = properties;
  }

  /** The notebook pod of the caller, and whether this call created it. */
  public record Ensured(NotebookPod pod, boolean created) {}

  public Ensured ensure(Caller caller) {
    String podId = podId(caller.user());
    for (int attempt = 0; ; attempt++) {
      try {
        return new Ensured(NotebookPod.of(started(caller, pods.get(caller, podId))), false);
      } catch (ApiException e) {
        if (e.status() != HttpStatus.NOT_FOUND) {
          throw e;
        }
      }
      try {
        return new Ensured(NotebookPod.of(pods.create(caller, request(podId))), true);
      } catch (ApiException e) {
        if (e.status() != HttpStatus.CONFLICT || attempt > 0) {
          throw e.status() == HttpStatus.CONFLICT ? taken(podId) : e;
        }
        // another call made it a moment ago: read that one
      }
    }
  }

  /** The pod asked to run when it was stopped (its data kept): ensure means running. */
  private PodView started(Caller caller, PodView pod) {
    if (pod.statusRequested() == StatusRequested.OFF) {
      return pods.requestStatus(caller, pod.podId(), StatusRequested.ON);
    }
    return pod;
  }

  private NewPod request(String podId) {
    return new NewPod(
        podId,
        null, // image
        properties.template(),
        null, // pod_template
        "Notebook pod made by /v3/pods/jupyter/ensure.",
        null, // command
        null, // arguments
        null, // environment_variables
        StatusRequested.ON.name(),
        null, // networking
        null, // resources
        null, // volume_mounts
        null, // time_to_stop_default
        null, // time_to_stop_instance
        null, // compute_queue
        null, // idle_timeout
        null, // placeholder_values
        null); // wake_on_connect
  }

  /**
   * {@code <username>jupyter} within the pod id rule: the user name lowercased, without the
   * characters pod ids do not take, led by a letter and cut to fit.
   */
  static String podId(String user) {
    String base = user.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (base.isEmpty() || !Character.isLetter(base.charAt(0))) {
      base = "u" + base;
    }
    base = base.substring(0, Math.min(base.length(), MAX_ID - SUFFIX.length()));
    String id = base + SUFFIX;
    if (!PodRules.POD_ID.matcher(id).matches()) {
      throw new IllegalStateException("not a pod id: " + id);
    }
    return id;
  }

  private static ApiException taken(String podId) {
    return ApiException.conflict(
        "Pod "
            + podId
            + ", the name of your notebook pod, is taken by a pod you cannot see; ask its owner"
            + " to share it with you or to delete it.");
  }
}
