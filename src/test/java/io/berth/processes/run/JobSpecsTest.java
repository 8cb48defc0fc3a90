package io.berth.processes.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.processes.catalog.BuiltinProcesses;
import io.berth.processes.catalog.ExecutionUnit;
import io.berth.processes.catalog.ProcessesProperties;
import io.berth.processes.jobs.Job;
import io.berth.processes.jobs.JobPhase;
import io.berth.processes.jobs.ProcessSnapshot;
import io.berth.runtime.JobSpec;
import org.junit.jupiter.api.Test;

/** The container a job becomes: no network unless its unit asks, then its owner's. */
class JobSpecsTest {
  static final ProcessesProperties SITE =
      new ProcessesProperties(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          null, null, null, null, null, null);

  @Test
  void aJobHasNoNetworkUnlessItsUnitAsks() {
    Job echo = JobPlannerTest.job(JobPhase.STARTING, false);
    JobSpec offline = JobSpecs.build(echo, "vol-t-1", SITE);
    assertThat(offline.networkAccess()).isFalse();
    assertThat(offline.owner()).isEqualTo("alice");

    ExecutionUnit unit = echo.process().unit();
    ExecutionUnit asking =
        new ExecutionUnit(
            unit.image(),
            unit.entrypoint(),
            unit.base(),
            unit.arguments(),
            unit.outputs(),
            unit.stdout(),
            unit.cpuCores(),
            unit.memoryMiB(),
            unit.timeoutSeconds(),
            true);
    Job networked = withUnit(echo, asking);
    assertThat(JobSpecs.build(networked, "vol-t-1", SITE).networkAccess()).isTrue();
  }

  @Test
  void aUnitStoredBeforeNetworkAccessExistedHasNone() {
    ExecutionUnit old = BuiltinProcesses.all("img").get(0).unit();
    assertThat(
            new ExecutionUnit(
                    old.image(),
                    old.entrypoint(),
                    old.base(),
                    old.arguments(),
                    old.outputs(),
                    old.stdout(),
                    old.cpuCores(),
                    old.memoryMiB(),
                    old.timeoutSeconds(),
                    null)
                .networked())
        .isFalse();
  }

  static Job withUnit(Job job, ExecutionUnit unit) {
    return new Job(
        job.jobId(),
        job.tenant(),
        job.owner(),
        job.processId(),
        new ProcessSnapshot(job.process().description(), unit),
        job.request(),
        job.phase(),
        job.dismissRequested(),
        job.message(),
        job.failure(),
        job.outputVolume(),
        job.imageDigest(),
        job.exitCode(),
        job.results(),
        job.log(),
        job.timeoutSeconds(),
        job.creationTs(),
        job.startedTs(),
        job.finishedTs(),
        job.updateTs());
  }
}
