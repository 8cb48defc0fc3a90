package io.berth.processes;

import io.berth.auth.Caller;
import io.berth.permissions.PermissionGrant;
import io.berth.processes.catalog.ProcessDefinition;
import io.berth.processes.catalog.ProcessDescription;
import io.berth.processes.catalog.ProcessesProperties;
import io.berth.processes.jobs.Job;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Processes: list, describe, deploy, replace, undeploy, share, execute. */
@RestController
@RequestMapping(Links.BASE + "/processes")
class ProcessController {
  private final ProcessCatalog catalog;
  private final JobService jobs;
  private final Results results;
  private final JsonMapper json;
  private final Duration syncWait;

  ProcessController(
      ProcessCatalog catalog,
      JobService jobs,
      Results results,
      JsonMapper json,
      ProcessesProperties properties) {
    this.catalog = catalog;
    this.jobs = jobs;
    this.results = results;
    this.json = json;
    this.syncWait = properties.syncWait();
  }

  @GetMapping(produces = "application/json")
  ObjectNode list(
      Caller caller,
      HttpServletRequest request,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) Integer offset) {
    Paging paging = Paging.of(limit, offset);
    List<ProcessDefinition> all = catalog.visible(caller);
    String base = Links.base(request);
    List<ObjectNode> items =
        all.stream()
            .skip(paging.offset())
            .limit(paging.limit())
            .map(p -> Documents.summary(p, base))
            .toList();
    boolean more = all.size() > paging.offset() + paging.limit();
    return Documents.page("processes", items, paging.links(base + "/processes", "", more));
  }

  @GetMapping(path = "/{processId}", produces = "application/json")
  ObjectNode describe(Caller caller, HttpServletRequest request, @PathVariable String processId) {
    return Documents.description(catalog.get(caller, processId), Links.base(request));
  }

  @PostMapping
  ResponseEntity<ObjectNode> deploy(
      Caller caller,
      HttpServletRequest request,
      @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType) {
    ProcessDefinition process = catalog.deploy(caller, contentType, () -> Bodies.read(request));
    String base = Links.base(request);
    return ResponseEntity.created(URI.create(base + "/processes/" + process.id()))
        .contentType(MediaType.APPLICATION_JSON)
        .body(Documents.summary(process, base));
  }

  @PutMapping("/{processId}")
  ResponseEntity<Void> replace(
      Caller caller,
      HttpServletRequest request,
      @PathVariable String processId,
      @RequestHeader(name = HttpHeaders.CONTENT_TYPE, required = false) String contentType) {
    catalog.replace(caller, processId, contentType, () -> Bodies.read(request));
    return ResponseEntity.noContent().build();
  }

  @DeleteMapping("/{processId}")
  ResponseEntity<Void> undeploy(Caller caller, @PathVariable String processId) {
    catalog.undeploy(caller, processId);
    return ResponseEntity.noContent().build();
  }

  @GetMapping(path = "/{processId}/permissions", produces = "application/json")
  ObjectNode permissions(Caller caller, @PathVariable String processId) {
    return grants(catalog.permissions(caller, processId));
  }

  @PostMapping(path = "/{processId}/permissions", produces = "application/json")
  ObjectNode grant(
      Caller caller, @PathVariable String processId, @RequestBody PermissionGrant grant) {
    return grants(catalog.grant(caller, processId, grant));
  }

  @DeleteMapping(path = "/{processId}/permissions/{user}", produces = "application/json")
  ObjectNode revoke(Caller caller, @PathVariable String processId, @PathVariable String user) {
    return grants(catalog.revoke(caller, processId, user));
  }

  /**
   * Runs the process: asynchronously (201, the job's status and Location) when the client prefers
   * it ({@code Prefer: respond-async}) or the process runs only so; else synchronously, answering
   * the results when the job ends within the site's wait (201 with the job otherwise).
   */
  @PostMapping("/{processId}/execution")
  ResponseEntity<?> execute(
      Caller caller,
      HttpServletRequest request,
      @PathVariable String processId,
      @RequestHeader(name = "Prefer", required = false) String prefer,
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
    String origin = Links.origin(request);
    String base = Links.base(request);
    Job job = jobs.submit(caller, processId, Bodies.json(request, json), origin);
    ProcessDescription process = job.process().description();
    boolean async =
        (prefer != null
                && prefer.toLowerCase(Locale.ROOT).contains("respond-async")
                && process.runsAsync())
            || !process.runsSync();
    String monitor = base + "/jobs/" + job.jobId();
    if (async) {
      jobs.wake(job);
      return ResponseEntity.created(URI.create(monitor))
          .header("Preference-Applied", "respond-async")
          .contentType(MediaType.APPLICATION_JSON)
          .body(Documents.status(job, base, origin));
    }
    CompletableFuture<Void> finished = jobs.whenFinished(job);
    jobs.wake(job);
    Job ended = jobs.awaitEnd(job, finished, syncWait);
    if (!ended.phase().finished()) {
      return ResponseEntity.created(URI.create(monitor))
          .contentType(MediaType.APPLICATION_JSON)
          .body(Documents.status(ended, base, origin));
    }
    // no Link rel=monitor on a synchronous answer: the OGC suite (1.4) reads Link headers in a
    // way RFC 8288's form fails; the job's id is in the job list (docs/processes.md)
    return results.of(ended, origin, accept, HttpStatus.OK, new HttpHeaders());
  }

  private ObjectNode grants(List<String> grants) {
    ObjectNode doc = json.createObjectNode();
    grants.forEach(doc.putArray("permissions")::add);
    return doc;
  }
}
