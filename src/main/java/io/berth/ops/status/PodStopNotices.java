package io.berth.ops.status;

import io.berth.pods.reconcile.StopWarnings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Pods' stop warnings through the status alerts' channels (every webhook and email the alerting
 * configures), sent on a virtual thread so a slow hook never holds up the reconciler.
 */
@Component
class PodStopNotices implements StopWarnings {
  private static final Logger log = LoggerFactory.getLogger(PodStopNotices.class);

  private final StatusEngine engine;
  private final ExecutorService sending = Executors.newVirtualThreadPerTaskExecutor();

  PodStopNotices(StatusEngine engine) {
    this.engine = engine;
  }

  @Override
  public void warn(Warning warning) {
    Notice notice = notice(warning);
    for (AlertSender sender : engine.senders().values()) {
      sending.execute(() -> {
        try {
          sender.send(notice);
        } catch (Exception e) {
          log.warn(
              "Stop warning for pod {}/{} by {} could not be sent: {}",
              warning.tenant(),
              warning.podId(),
              sender.type(),
              e.getMessage());
        }
      });
    }
  }

  static Notice notice(Warning w) {
    String why = "idle".equals(w.reason()) ? "for idleness" : "at its time_to_stop";
    String subject =
        "[WARNING] Berth pod " + w.podId() + " (tenant " + w.tenant() + ") stops " + why;
    String text =
        subject
            + "\n\nThe pod stops at "
            + w.stopAt()
            + " "
            + why
            + " (its data is kept). To keep it running, use it or extend it: POST /v3/pods/"
            + w.podId()
            + "/extend.\nOwner: "
            + w.owner()
            + "\n";
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("event", "pod_stop_warning");
    fields.put("tenant", w.tenant());
    fields.put("pod_id", w.podId());
    fields.put("owner", w.owner());
    fields.put("reason", w.reason());
    fields.put("stop_at", w.stopAt().toString());
    fields.put("title", subject);
    fields.put("text", text);
    return new PodStopNotice(subject, text, fields);
  }

  private record PodStopNotice(String subject, String text, Map<String, Object> fields)
      implements Notice {}
}
