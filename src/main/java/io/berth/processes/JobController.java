package io.berth.processes;

import io.berth.auth.Caller;
import io.berth.processes.jobs.Job;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/** Jobs: list, status, results, output log, dismiss. */
@RestController
@RequestMapping(Links.BASE + "/jobs")
class JobController {
  private final JobService jobs;
  private final Results results;

  JobController(JobService jobs, Results results) {
    this.jobs = jobs;
    this.results = results;
  }

  @GetMapping(produces = "application/json")
  ObjectNode list(
      Caller caller,
      HttpServletRequest request,
      @RequestParam(name = "processID", required = false) List<String> processIds,
      @RequestParam(name = "status", required = false) List<String> statuses,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) Integer offset) {
    Paging paging = Paging.of(limit, offset);
    List<String> processes = processIds == null ? List.of() : processIds;
    List<String> wanted = statuses == null ? List.of() : statuses;
    List<Job> page = jobs.list(caller, processes, wanted, paging.limit() + 1, paging.offset());
    String base = Links.base(request);
    String origin = Links.origin(request);
    List<ObjectNode> items =
        page.stream().limit(paging.limit()).map(j -> Documents.status(j, base, origin)).toList();
    List<String> query = new ArrayList<>();
    processes.forEach(p -> query.add("processID=" + encode(p)));
    wanted.forEach(s -> query.add("status=" + encode(s)));
    return Documents.page(
        "jobs",
        items,
        paging.links(base + "/jobs", String.join("&", query), page.size() > paging.limit()));
  }

  @GetMapping(path = "/{jobId}", produces = "application/json")
  ObjectNode status(Caller caller, HttpServletRequest request, @PathVariable String jobId) {
    return Documents.status(jobs.get(caller, jobId), Links.base(request), Links.origin(request));
  }

  @GetMapping("/{jobId}/results")
  ResponseEntity<?> results(
      Caller caller,
      HttpServletRequest request,
      @PathVariable String jobId,
      @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
    return results.of(
        jobs.get(caller, jobId), Links.origin(request), accept, HttpStatus.OK, new HttpHeaders());
  }

  @GetMapping("/{jobId}/log")
  ResponseEntity<String> log(Caller caller, @PathVariable String jobId) {
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
        .body(jobs.log(caller, jobId));
  }

  /** Dismisses the job: a queued or running one is stopped; its volume is deleted. */
  @DeleteMapping(path = "/{jobId}", produces = "application/json")
  ObjectNode dismiss(Caller caller, HttpServletRequest request, @PathVariable String jobId) {
    return Documents.status(
        jobs.dismiss(caller, jobId), Links.base(request), Links.origin(request));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
