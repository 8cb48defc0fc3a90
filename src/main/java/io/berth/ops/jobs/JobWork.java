package io.berth.ops.jobs;

/** The work of one run, given the run's log; its value goes back to whoever asked for the run. */
@FunctionalInterface
public interface JobWork<T> {
  T run(JobLog log) throws Exception;
}
