package io.berth.processes.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.processes.catalog.BuiltinProcesses;
import io.berth.processes.catalog.ProcessDefinition;
import io.berth.processes.jobs.ExecuteRequest;
import io.berth.processes.jobs.Job;
import io.berth.processes.jobs.JobPhase;
import io.berth.processes.jobs.ProcessSnapshot;
import io.berth.runtime.ContainerState;
import io.berth.runtime.JobKey;
import io.berth.runtime.ObservedJob;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The job planner: a container only for a STARTING job without one; a lost one is never rerun. */
class JobPlannerTest {
  static final Instant T0 = Instant.parse("2026-12-06T12:00:00Z");

  static Job job(JobPhase phase, boolean dismiss) {
    ProcessDefinition echo = BuiltinProcesses.all("img").get(0);
    return new Job(
        "j1",
        "t",
        "alice",
        "echo",
        new ProcessSnapshot(echo.description(), echo.unit()),
        new ExecuteRequest(Map.of(), Map.of(), ExecuteRequest.RAW),
        phase,
        dismiss,
        null,
        null,
        "jobj1",
        null,
        null,
        Map.of(),
        null,
        60,
        T0,
        phase == JobPhase.RUNNING ? T0 : null,
        null,
        T0);
  }

  static Optional<ObservedJob> container(ContainerState state) {
    return Optional.of(
        new ObservedJob(
            new JobKey("t", "j1"),
            "c1",
            state,
            state == ContainerState.EXITED ? 0 : null,
            false,
            null,
            T0,
            null,
            "img@sha256:1"));
  }

  @Test
  void aStartingJobGetsAContainerOnlyWhenItHasNone() {
    assertThat(JobPlanner.decide(job(JobPhase.STARTING, false), Optional.empty(), T0))
        .isInstanceOf(JobDecision.Start.class);
    assertThat(
            JobPlanner.decide(job(JobPhase.STARTING, false), container(ContainerState.RUNNING), T0))
        .isInstanceOf(JobDecision.Adopt.class);
  }

  @Test
  void aRunningJobWithoutItsContainerFailsAndIsNotStartedAgain() {
    assertThat(JobPlanner.decide(job(JobPhase.RUNNING, false), Optional.empty(), T0))
        .isInstanceOf(JobDecision.Lost.class);
  }

  @Test
  void aRunningJobIsWatchedFinishedOrTimedOut() {
    Job running = job(JobPhase.RUNNING, false);
    assertThat(JobPlanner.decide(running, container(ContainerState.RUNNING), T0.plusSeconds(10)))
        .isInstanceOf(JobDecision.Watch.class);
    assertThat(JobPlanner.decide(running, container(ContainerState.RUNNING), T0.plusSeconds(60)))
        .isInstanceOf(JobDecision.TimeOut.class);
    assertThat(JobPlanner.decide(running, container(ContainerState.EXITED), T0.plusSeconds(10)))
        .isInstanceOf(JobDecision.Finish.class);
  }

  @Test
  void dismissalWinsOverEverythingButAnEndedDismissal() {
    assertThat(JobPlanner.decide(job(JobPhase.QUEUED, true), Optional.empty(), T0))
        .isInstanceOf(JobDecision.Dismiss.class);
    assertThat(
            JobPlanner.decide(job(JobPhase.RUNNING, true), container(ContainerState.RUNNING), T0))
        .isInstanceOf(JobDecision.Dismiss.class);
    assertThat(JobPlanner.decide(job(JobPhase.DISMISSED, true), Optional.empty(), T0))
        .isInstanceOf(JobDecision.Nothing.class);
  }

  @Test
  void aQueuedJobWaitsAndAFinishedOnesContainerIsRemoved() {
    assertThat(JobPlanner.decide(job(JobPhase.QUEUED, false), Optional.empty(), T0))
        .isInstanceOf(JobDecision.Queued.class);
    assertThat(
            JobPlanner.decide(
                job(JobPhase.SUCCESSFUL, false), container(ContainerState.EXITED), T0))
        .isInstanceOf(JobDecision.Clean.class);
  }
}
