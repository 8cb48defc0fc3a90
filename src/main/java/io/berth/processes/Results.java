package io.berth.processes;

import io.berth.auth.Caller;
import io.berth.permissions.PermissionLevel;
import io.berth.processes.catalog.OgcException;
import io.berth.processes.catalog.OutputDescription;
import io.berth.processes.catalog.Schemas;
import io.berth.processes.jobs.ExecuteRequest;
import io.berth.processes.jobs.Job;
import io.berth.processes.jobs.JobPhase;
import io.berth.processes.jobs.JobResult;
import io.berth.processes.jobs.OutputRequest;
import io.berth.runtime.storage.StoragePathException;
import io.berth.runtime.storage.VolumeStorage;
import io.berth.volumes.VolumeService;
import io.berth.web.ApiException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A finished job's results in the form its request asked for (OGC API - Processes 1.0): {@code
 * document} is a JSON object of outputs (values inline, files base64 or as links); {@code raw} is
 * one output's bytes (or 204 with a {@code Link} to it when by reference), or several as {@code
 * multipart/related}. References are the files' download URLs in the job's volume.
 */
@Component
class Results {
  static final long MAX_INLINE = 64L * 1024 * 1024;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final VolumeService volumes;
  private final VolumeStorage storage;
  private final JsonMapper json;

  Results(VolumeService volumes, VolumeStorage storage, JsonMapper json) {
    this.volumes = volumes;
    this.storage = storage;
    this.json = json;
  }

  /** The results, or the refusal OGC names: not ready, failed, dismissed. */
  ResponseEntity<?> of(
      Job job, String origin, String accept, HttpStatus status, HttpHeaders headers) {
    if (job.dismissRequested() || job.phase() == JobPhase.DISMISSED) {
      throw OgcException.noSuchJob(job.jobId());
    }
    if (job.phase() == JobPhase.FAILED) {
      throw failed(job);
    }
    if (job.phase() != JobPhase.SUCCESSFUL) {
      throw new OgcException(
          HttpStatus.NOT_FOUND,
          OgcException.RESULT_NOT_READY,
          "Job " + job.jobId() + " is " + job.status() + ": its results are not ready yet.");
    }
    ExecuteRequest request = job.request();
    List<String> wanted = new ArrayList<>();
    for (String id : request.outputs().keySet()) {
      if (job.results().containsKey(id)) {
        wanted.add(id);
      }
    }
    if (!request.raw() || literalForJsonClient(job, wanted, accept)) {
      ObjectNode doc = NODES.objectNode();
      for (String id : wanted) {
        doc.set(id, inline(job, id, origin));
      }
      return ResponseEntity.status(status)
          .headers(headers)
          .contentType(MediaType.APPLICATION_JSON)
          .body(doc);
    }
    if (wanted.size() == 1) {
      return raw(job, wanted.get(0), origin, accept, status, headers);
    }
    return multipart(job, wanted, origin, status, headers);
  }

  /** The refusal a failed job's results are: its failure's type, 400 when its inputs were bad. */
  static OgcException failed(Job job) {
    boolean inputs = OgcException.INVALID_PARAMETER.equals(job.failure());
    return new OgcException(
        inputs ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR,
        job.failure() == null ? OgcException.NO_APPLICABLE_CODE : job.failure(),
        "Job " + job.jobId() + " failed: " + job.message());
  }

  private JsonNode inline(Job job, String id, String origin) {
    JobResult result = job.results().get(id);
    OutputRequest wanted = job.request().outputs().get(id);
    if (wanted.byReference() || result.directory()) {
      ObjectNode link = NODES.objectNode();
      link.put("href", href(job, result, origin));
      link.put("rel", "related");
      link.put("type", result.mediaType());
      link.put("title", id);
      return link;
    }
    OutputDescription output = job.process().description().outputs().get(id);
    if (result.value() != null) {
      if (result.value().isObject() || declaresMediaType(output)) {
        // an object value is wrapped so it is not read as a qualified value or a link
        ObjectNode qualified = NODES.objectNode();
        qualified.set("value", result.value());
        qualified.put("mediaType", result.mediaType());
        return qualified;
      }
      return result.value();
    }
    byte[] bytes = read(job, result);
    ObjectNode qualified = NODES.objectNode();
    if (Schemas.binary(output.schema())) {
      qualified.put("value", Base64.getEncoder().encodeToString(bytes));
      qualified.put("encoding", "base64");
    } else {
      qualified.put("value", new String(bytes, StandardCharsets.UTF_8));
    }
    qualified.put("mediaType", result.mediaType());
    return qualified;
  }

  private ResponseEntity<?> raw(
      Job job, String id, String origin, String accept, HttpStatus status, HttpHeaders headers) {
    JobResult result = job.results().get(id);
    if (job.request().outputs().get(id).byReference() || result.directory()) {
      HttpHeaders linked = new HttpHeaders();
      linked.addAll(headers);
      linked.add(
          HttpHeaders.LINK,
          "<"
              + href(job, result, origin)
              + ">; rel=\"related\"; type=\""
              + result.mediaType()
              + "\"; title=\""
              + id
              + "\"");
      return ResponseEntity.noContent().headers(linked).build();
    }
    return ResponseEntity.status(status)
        .headers(headers)
        .contentType(MediaType.parseMediaType(result.mediaType()))
        .body(bytes(job, result));
  }

  /**
   * A raw single literal by value (text/plain, say) for a client that accepts only JSON: the JSON
   * representation of the results, the document, is what it can take (rather than a 406).
   */
  private static boolean literalForJsonClient(Job job, List<String> wanted, String accept) {
    if (wanted.size() != 1) {
      return false;
    }
    JobResult result = job.results().get(wanted.get(0));
    return result.value() != null
        && !job.request().outputs().get(wanted.get(0)).byReference()
        && onlyJson(accept, result.mediaType());
  }

  /** Whether {@code accept} takes JSON but not {@code mediaType}. */
  static boolean onlyJson(String accept, String mediaType) {
    if (accept == null || accept.isBlank()) {
      return false;
    }
    List<MediaType> accepted;
    try {
      accepted = MediaType.parseMediaTypes(accept);
    } catch (RuntimeException e) {
      return false;
    }
    MediaType own = MediaType.parseMediaType(mediaType);
    return accepted.stream().noneMatch(a -> a.includes(own))
        && accepted.stream().anyMatch(a -> a.includes(MediaType.APPLICATION_JSON));
  }

  private ResponseEntity<?> multipart(
      Job job, List<String> ids, String origin, HttpStatus status, HttpHeaders headers) {
    String boundary = "berth-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (String id : ids) {
      JobResult result = job.results().get(id);
      StringBuilder head = new StringBuilder("--" + boundary + "\r\n");
      head.append("Content-ID: <").append(id).append(">\r\n");
      byte[] content;
      if (job.request().outputs().get(id).byReference() || result.directory()) {
        head.append("Content-Type: ").append(result.mediaType()).append("\r\n");
        head.append("Content-Location: ").append(href(job, result, origin)).append("\r\n");
        content = new byte[0];
      } else {
        head.append("Content-Type: ").append(result.mediaType()).append("\r\n");
        content = bytes(job, result);
      }
      head.append("\r\n");
      body.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
      body.writeBytes(content);
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return ResponseEntity.status(status)
        .headers(headers)
        .contentType(MediaType.parseMediaType("multipart/related; boundary=\"" + boundary + "\""))
        .body(body.toByteArray());
  }

  /** A raw value's bytes: a literal as text (strings) or JSON, a file as it is. */
  private byte[] bytes(Job job, JobResult result) {
    if (result.value() != null) {
      String text =
          result.value().isString()
              ? result.value().asString()
              : json.writeValueAsString(result.value());
      return text.getBytes(StandardCharsets.UTF_8);
    }
    return read(job, result);
  }

  private byte[] read(Job job, JobResult result) {
    if (result.size() > MAX_INLINE) {
      throw OgcException.invalid(
          "The output at "
              + result.path()
              + " is larger than "
              + MAX_INLINE
              + " bytes: ask for it by reference (transmissionMode reference).");
    }
    Caller owner = new Caller(job.tenant(), job.owner(), Set.of());
    try {
      String storageId =
          volumes.require(owner, job.outputVolume(), PermissionLevel.READ).storageId();
      try (InputStream in = storage.read(storageId, result.path()).open()) {
        return in.readAllBytes();
      }
    } catch (ApiException | StoragePathException | IOException e) {
      throw new OgcException(
          HttpStatus.GONE,
          OgcException.NO_APPLICABLE_CODE,
          "The output at "
              + result.path()
              + " of job "
              + job.jobId()
              + " is no longer in its volume "
              + job.outputVolume()
              + ": "
              + e.getMessage());
    }
  }

  /** A literal whose schema names its media type (text/csv, say) is given with it. */
  private static boolean declaresMediaType(OutputDescription output) {
    return output != null && output.schema() != null && output.schema().has("contentMediaType");
  }

  static String href(Job job, JobResult result, String origin) {
    return origin + "/v3/pods/volumes/" + job.outputVolume() + "/download/" + result.path();
  }
}
