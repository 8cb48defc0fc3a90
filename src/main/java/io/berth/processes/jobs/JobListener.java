package io.berth.processes.jobs;

/** Told when a job was asked for or asked to be dismissed, so it is worked on at once. */
public interface JobListener {
  void jobChanged(String jobId);
}
