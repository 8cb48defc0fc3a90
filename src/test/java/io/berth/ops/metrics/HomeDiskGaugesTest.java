package io.berth.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.config.BerthProperties;
import io.berth.ops.jobs.JobsProperties;
import io.berth.pods.reconcile.ReconcilerProperties;
import org.junit.jupiter.api.Test;

/** Which process reports the disk of BERTH_HOME: only one that keeps state there. */
class HomeDiskGaugesTest {
  static final BerthProperties H2 = new BerthProperties(null, 8080, null, null);
  static final BerthProperties POSTGRES =
      new BerthProperties(
          null,
          8080,
          null,
          new BerthProperties.Db("jdbc:postgresql://db/berth", "b", "p", 4, null));

  @Test
  void theProcessThatReconcilesOrRunsJobsOrHoldsTheEmbeddedDatabase() {
    assertThat(owner(null, true, true, POSTGRES)).isTrue(); // Kubernetes' berth
    assertThat(owner(null, false, true, POSTGRES)).isTrue(); // jobs: backups live there
    assertThat(owner(null, false, false, H2)).isTrue(); // the H2 file lives there
    assertThat(owner(null, false, false, POSTGRES)).isFalse(); // a proxy replica: scratch space
  }

  @Test
  void theSettingDecidesWhenGiven() {
    assertThat(owner(false, true, true, H2)).isFalse();
    assertThat(owner(true, false, false, POSTGRES)).isTrue();
  }

  static boolean owner(Boolean setting, boolean reconciler, boolean jobs, BerthProperties berth) {
    return HomeDiskGauges.owner(
        new MetricsProperties(null, null, setting),
        new ReconcilerProperties(reconciler, null, null, null, null, null, null, null, null, null),
        new JobsProperties(jobs, null, null, null, null, null),
        berth);
  }
}
