package io.berth.processes;

import io.berth.auth.Caller;
import io.berth.permissions.PermissionLevel;
import io.berth.processes.catalog.OgcException;
import io.berth.processes.catalog.ProcessDefinition;
import io.berth.processes.catalog.ProcessesProperties;
import io.berth.processes.jobs.ExecuteRequest;
import io.berth.processes.jobs.ExecuteRequests;
import io.berth.processes.jobs.InputValue;
import io.berth.processes.jobs.Job;
import io.berth.processes.jobs.JobEvents;
import io.berth.processes.jobs.JobListener;
import io.berth.processes.jobs.JobPhase;
import io.berth.processes.jobs.JobRepository;
import io.berth.processes.jobs.ProcessSnapshot;
import io.berth.processes.jobs.VolumeReference;
import io.berth.processes.packages.UrlFetcher;
import io.berth.processes.run.JobSpecs;
import io.berth.runtime.ContainerRuntime;
import io.berth.runtime.RuntimeFailure;
import io.berth.volumes.VolumeService;
import io.berth.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Jobs as their submitters see them: asking for one (checked against the process, queued in the
 * database, the job reconciler told), waiting for a synchronous one, listing, dismissing. A job is
 * its submitter's; tenant admins see all of their tenant's.
 */
@Service
class JobService {
  private final JobRepository jobs;
  private final ProcessCatalog catalog;
  private final ExecuteRequests requests;
  private final JobEvents events;
  private final List<JobListener> listeners;
  private final UrlFetcher fetcher;
  private final VolumeService volumes;
  private final ContainerRuntime runtime;
  private final ProcessesProperties properties;
  private final Clock clock;

  JobService(
      JobRepository jobs,
      ProcessCatalog catalog,
      ExecuteRequests requests,
      JobEvents events,
      List<JobListener> listeners,
      UrlFetcher fetcher,
      VolumeService volumes,
      ContainerRuntime runtime,
      ProcessesProperties properties,
      Clock clock) {
    this.jobs = jobs;
    this.catalog = catalog;
    this.requests = requests;
    this.events = events;
    this.listeners = listeners;
    this.fetcher = fetcher;
    this.volumes = volumes;
    this.runtime = runtime;
    this.properties = properties;
    this.clock = clock;
  }

  /** Checks and queues a job; {@code origin} is this Berth as the client addressed it. */
  Job submit(Caller caller, String processId, JsonNode body, String origin) {
    ProcessDefinition process = catalog.executable(caller, processId);
    ExecuteRequest checked = requests.read(body, process.description());
    ExecuteRequest request =
        new ExecuteRequest(
            references(caller, checked.inputs(), origin), checked.outputs(), checked.response());
    if (jobs.unfinished(caller.tenant(), caller.user()) >= properties.maxQueuedPerUser()) {
      throw new OgcException(
          HttpStatus.TOO_MANY_REQUESTS,
          OgcException.GENERIC,
          "You have "
              + properties.maxQueuedPerUser()
              + " jobs not finished yet, the most one user may have; wait for some to finish.");
    }
    String jobId = UUID.randomUUID().toString();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Job job =
        new Job(
            jobId,
            caller.tenant(),
            caller.user(),
            process.id(),
            new ProcessSnapshot(process.description(), process.unit()),
            request,
            JobPhase.QUEUED,
            false,
            null,
            null,
            "job" + jobId.replace("-", ""),
            null,
            null,
            Map.of(),
            null,
            JobSpecs.timeoutSeconds(process.unit(), properties),
            now,
            null,
            null,
            now);
    jobs.insert(job);
    return job;
  }

  /** Tells the job reconciler (after the caller began waiting, so no end is missed). */
  void wake(Job job) {
    listeners.forEach(l -> l.jobChanged(job.jobId()));
  }

  /**
   * Waits until the job ends or {@code wait} passes, and returns it as it then is. The job
   * reconciler of this process completes the wait; another process's is seen by reading the job.
   */
  Job awaitEnd(Job job, CompletableFuture<Void> finished, Duration wait) {
    Instant deadline = clock.instant().plus(wait);
    Job current = job;
    try {
      while (!current.phase().finished() && clock.instant().isBefore(deadline)) {
        try {
          finished.get(500, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          // look at the database: a reconciler elsewhere may have finished it
        }
        current = jobs.find(job.jobId()).orElse(current);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      // never completed exceptionally; read the job below
    } finally {
      events.forget(job.jobId());
    }
    return jobs.find(job.jobId()).orElse(current);
  }

  CompletableFuture<Void> whenFinished(Job job) {
    return events.whenFinished(job.jobId());
  }

  Job get(Caller caller, String jobId) {
    return jobs.find(jobId)
        .filter(j -> visible(caller, j))
        .orElseThrow(() -> OgcException.noSuchJob(jobId));
  }

  List<Job> list(
      Caller caller, List<String> processIds, List<String> statuses, int limit, int offset) {
    List<JobPhase> phases = new ArrayList<>();
    boolean dismissed = false;
    for (String status : statuses) {
      switch (status) {
        case "accepted" -> phases.addAll(List.of(JobPhase.QUEUED, JobPhase.STARTING));
        case "running" -> phases.add(JobPhase.RUNNING);
        case "successful" -> phases.add(JobPhase.SUCCESSFUL);
        case "failed" -> phases.add(JobPhase.FAILED);
        case "dismissed" -> dismissed = true;
        default ->
            throw OgcException.invalid(
                "Parameter status: '"
                    + status
                    + "' is not one of accepted, running, successful, failed, dismissed.");
      }
    }
    return jobs.list(
        caller.tenant(),
        caller.isTenantAdmin() ? null : caller.user(),
        processIds,
        phases,
        dismissed,
        limit,
        offset);
  }

  /** Asks for the job's dismissal: a running job is stopped, its outputs deleted. */
  Job dismiss(Caller caller, String jobId) {
    Job job = get(caller, jobId);
    if (job.phase() == JobPhase.DISMISSED) {
      throw OgcException.noSuchJob(jobId);
    }
    jobs.requestDismissal(jobId, clock.instant());
    Job asked = jobs.find(jobId).orElseThrow(() -> OgcException.noSuchJob(jobId));
    wake(asked);
    return asked;
  }

  /** The job's output: kept when it ended, the engine's tail while it runs. */
  String log(Caller caller, String jobId) {
    Job job = get(caller, jobId);
    if (job.phase().finished()) {
      return job.log() == null ? "" : job.log();
    }
    try {
      return runtime.jobLog(JobSpecs.key(job), properties.logTailBytes());
    } catch (RuntimeFailure e) {
      return "";
    }
  }

  private boolean visible(Caller caller, Job job) {
    return job.tenant().equals(caller.tenant())
        && (caller.isTenantAdmin() || job.owner().equals(caller.user()));
  }

  /**
   * Inputs by reference are either files of this Berth's volumes (their download URL; read as the
   * submitter, who must be able to read the volume now and when the job starts) or URLs under a
   * prefix the site allows; anything else is refused here, naming the input.
   */
  private Map<String, List<InputValue>> references(
      Caller caller, Map<String, List<InputValue>> inputs, String origin) {
    Map<String, List<InputValue>> resolved = new LinkedHashMap<>();
    for (Map.Entry<String, List<InputValue>> e : inputs.entrySet()) {
      List<InputValue> values = new ArrayList<>();
      for (InputValue v : e.getValue()) {
        values.add(v.reference() ? reference(caller, e.getKey(), v, origin) : v);
      }
      resolved.put(e.getKey(), values);
    }
    return resolved;
  }

  private InputValue reference(Caller caller, String inputId, InputValue value, String origin) {
    String at = "inputs." + inputId + ".href";
    VolumeReference ref = VolumeReference.fromUrl(value.href(), origin);
    if (ref != null) {
      try {
        volumes.require(caller, ref.volumeId(), PermissionLevel.READ);
      } catch (ApiException e) {
        throw OgcException.invalid(at + ": " + e.getMessage());
      }
      return new InputValue(null, ref.href(), value.mediaType(), false);
    }
    if (!fetcher.allows(value.href())) {
      throw OgcException.invalid(
          at
              + ": "
              + value.href()
              + " is neither a file of this Berth's volumes (its download URL) nor under a URL"
              + " prefix this site allows (BERTH_PROCESSES_ALLOWED_URLS).");
    }
    return value;
  }
}
