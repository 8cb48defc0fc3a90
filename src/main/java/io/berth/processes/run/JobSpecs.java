package io.berth.processes.run;

import io.berth.processes.catalog.ExecutionUnit;
import io.berth.processes.catalog.ProcessesProperties;
import io.berth.processes.jobs.Job;
import io.berth.runtime.JobKey;
import io.berth.runtime.JobSpec;
import io.berth.runtime.MountSpec;
import io.berth.runtime.ResourceSpec;
import java.util.List;
import java.util.Map;

/**
 * The container a job becomes, as a pure function: its process's image and command line, its
 * volume's inputs read-only at /inputs and outputs at /outputs (the working directory), the unit's
 * limits within the site's, and no network unless the unit asks for it (then its owner's).
 */
public final class JobSpecs {
  private JobSpecs() {}

  public static JobKey key(Job job) {
    return new JobKey(job.tenant(), job.jobId());
  }

  public static JobSpec build(Job job, String storageId, ProcessesProperties site) {
    ExecutionUnit unit = job.process().unit();
    return new JobSpec(
        key(job),
        unit.image(),
        unit.entrypoint(),
        JobCommandLine.words(unit, job.process().description(), job.request().inputs()),
        Map.of(),
        resources(unit, site),
        List.of(
            new MountSpec(storageId, JobWorkspace.INPUTS, "/inputs", true),
            new MountSpec(storageId, JobWorkspace.OUTPUTS, "/outputs", false)),
        "/outputs",
        null,
        job.owner(),
        unit.networked());
  }

  static ResourceSpec resources(ExecutionUnit unit, ProcessesProperties site) {
    double cores =
        Math.min(unit.cpuCores() == null ? site.defaultCpu() : unit.cpuCores(), site.maxCpu());
    int memory =
        Math.min(
            unit.memoryMiB() == null ? site.defaultMemoryMib() : unit.memoryMiB(),
            site.maxMemoryMib());
    int cpuLimit = Math.max(10, (int) Math.round(cores * 1000));
    int memoryLimit = Math.max(16, memory);
    return new ResourceSpec(
        Math.min(cpuLimit, 100), cpuLimit, Math.min(memoryLimit, 64), memoryLimit, 0);
  }

  /** The unit's time limit within the site's. */
  public static int timeoutSeconds(ExecutionUnit unit, ProcessesProperties site) {
    long wanted =
        unit.timeoutSeconds() == null ? site.defaultTimeout().toSeconds() : unit.timeoutSeconds();
    return (int) Math.min(wanted, site.maxTimeout().toSeconds());
  }
}
