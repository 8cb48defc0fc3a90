package io.berth.ops.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.pods.reconcile.StopWarnings;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a pod's stop warning says, by webhook (fields) and by email (subject and text). */
class PodStopNoticesTest {
  @Test
  void aWarningNamesThePodItsOwnerWhyAndWhenAndHowToKeepItRunning() {
    Notice notice =
        PodStopNotices.notice(
            new StopWarnings.Warning(
                "default", "mydb", "alice", "idle", Instant.parse("2026-12-06T20:00:00Z")));
    assertThat(notice.fields())
        .containsEntry("event", "pod_stop_warning")
        .containsEntry("tenant", "default")
        .containsEntry("pod_id", "mydb")
        .containsEntry("owner", "alice")
        .containsEntry("reason", "idle")
        .containsEntry("stop_at", "2026-12-06T20:00:00Z");
    assertThat(notice.subject())
        .isEqualTo("[WARNING] Berth pod mydb (tenant default) stops for idleness");
    assertThat(notice.text()).contains("POST /v3/pods/mydb/extend", "data is kept");
  }
}
