package io.berth.ops.probe;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The end-to-end probe: when it runs (a cron expression for the job scheduler), the pod it creates
 * (a JSON pod body; a pod_id is generated when it has none), who it runs as (a probe identity Berth
 * issues itself a token for, or a configured token where users come from an external issuer), and
 * how long a pod may take, and how long after a failed scheduled run it runs again to confirm the
 * failure (one false failure must not leave the status page red until the next scheduled run).
 */
@ConfigurationProperties("berth.probe")
public record ProbeProperties(
    String schedule,
    String pod,
    String user,
    String token,
    Duration availableTimeout,
    Duration confirmAfter) {

  public static final String DEFAULT_POD =
      "{\"pod_template\": \"template/hello\", \"description\": \"Berth end-to-end probe\"}";

  public ProbeProperties {
    // every 4 hours, at a minute other jobs do not use; "-" turns the scheduled probe off
    schedule = schedule == null || schedule.isBlank() ? "0 7 */4 * * *" : schedule;
    pod = pod == null || pod.isBlank() ? DEFAULT_POD : pod;
    user = user == null || user.isBlank() ? "berthprobe" : user;
    token = token == null || token.isBlank() ? null : token;
    availableTimeout = availableTimeout == null ? Duration.ofMinutes(3) : availableTimeout;
    confirmAfter =
        confirmAfter == null || confirmAfter.isNegative() ? Duration.ofMinutes(1) : confirmAfter;
  }
}
