package io.berth.processes;

import io.berth.processes.catalog.InputDescription;
import io.berth.processes.catalog.OutputDescription;
import io.berth.processes.catalog.ProcessDefinition;
import io.berth.processes.catalog.ProcessDescription;
import io.berth.processes.jobs.Job;
import io.berth.processes.jobs.JobPhase;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** OGC API - Processes' JSON documents, written member by member in the standard's shapes. */
final class Documents {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final List<String> CONFORMANCE =
      List.of(
          "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/core",
          "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/ogc-process-description",
          "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/json",
          "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/job-list",
          "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/dismiss",
          "http://www.opengis.net/spec/ogcapi-processes-2/1.0/conf/deploy-replace-undeploy",
          "http://www.opengis.net/spec/ogcapi-processes-2/1.0/conf/ogcapppkg",
          "http://www.opengis.net/spec/ogcapi-processes-2/1.0/conf/cwl",
          "http://www.opengis.net/spec/ogcapi-processes-2/1.0/conf/docker");

  private Documents() {}

  static ObjectNode landing(String base, String origin) {
    ObjectNode doc = NODES.objectNode();
    doc.put("title", "Berth OGC API - Processes");
    doc.put(
        "description",
        "Container images as processes: deploy them (docker or CWL application packages) and run"
            + " them as jobs.");
    ArrayNode links = doc.putArray("links");
    links.add(Links.link(base, "self", Links.JSON, "this document"));
    links.add(
        Links.link(
            origin + "/openapi.json",
            "service-desc",
            "application/vnd.oai.openapi+json;version=3.0",
            "the API definition"));
    links.add(Links.link(origin + "/docs", "service-doc", "text/html", "the API documentation"));
    links.add(Links.link(base + "/conformance", Links.REL_CONFORMANCE, Links.JSON, "conformance"));
    links.add(Links.link(base + "/processes", Links.REL_PROCESSES, Links.JSON, "processes"));
    links.add(Links.link(base + "/jobs", Links.REL_JOB_LIST, Links.JSON, "jobs"));
    return doc;
  }

  static ObjectNode conformance() {
    ObjectNode doc = NODES.objectNode();
    CONFORMANCE.forEach(doc.putArray("conformsTo")::add);
    return doc;
  }

  static ObjectNode summary(ProcessDefinition process, String base) {
    ProcessDescription d = process.description();
    ObjectNode doc = NODES.objectNode();
    doc.put("id", d.id());
    doc.put("version", d.version());
    if (d.title() != null) {
      doc.put("title", d.title());
    }
    if (d.description() != null) {
      doc.put("description", d.description());
    }
    if (!d.keywords().isEmpty()) {
      d.keywords().forEach(doc.putArray("keywords")::add);
    }
    d.jobControlOptions().forEach(doc.putArray("jobControlOptions")::add);
    d.outputTransmission().forEach(doc.putArray("outputTransmission")::add);
    doc.put("mutable", process.mutable());
    String self = base + "/processes/" + d.id();
    ArrayNode links = doc.putArray("links");
    links.add(Links.link(self, "self", Links.JSON, "process description"));
    links.add(Links.link(self + "/execution", Links.REL_EXECUTE, Links.JSON, "execute"));
    return doc;
  }

  static ObjectNode description(ProcessDefinition process, String base) {
    ObjectNode doc = summary(process, base);
    ObjectNode inputs = doc.putObject("inputs");
    for (Map.Entry<String, InputDescription> e : process.description().inputs().entrySet()) {
      InputDescription in = e.getValue();
      ObjectNode input = inputs.putObject(e.getKey());
      describe(input, in.title(), in.description());
      input.put("minOccurs", in.minOccurs());
      if (in.maxOccurs() == null) {
        input.put("maxOccurs", "unbounded");
      } else {
        input.put("maxOccurs", in.maxOccurs());
      }
      input.set("schema", in.schema());
    }
    ObjectNode outputs = doc.putObject("outputs");
    for (Map.Entry<String, OutputDescription> e : process.description().outputs().entrySet()) {
      ObjectNode output = outputs.putObject(e.getKey());
      describe(output, e.getValue().title(), e.getValue().description());
      output.set("schema", e.getValue().schema());
    }
    return doc;
  }

  static ObjectNode status(Job job, String base, String origin) {
    ObjectNode doc = NODES.objectNode();
    doc.put("type", "process");
    doc.put("processID", job.processId());
    doc.put("jobID", job.jobId());
    doc.put("status", job.status());
    if (job.message() != null) {
      doc.put("message", job.message());
    } else if (job.dismissRequested()) {
      doc.put("message", "The job is being dismissed.");
    } else if (job.phase() == JobPhase.QUEUED) {
      doc.put("message", "The job waits for a free slot.");
    }
    time(doc, "created", job.creationTs());
    time(doc, "started", job.startedTs());
    time(doc, "finished", job.finishedTs());
    time(doc, "updated", job.updateTs());
    if (job.phase().finished()) {
      doc.put("progress", 100);
    } else if (job.phase() != JobPhase.RUNNING) {
      doc.put("progress", 0);
    }
    if (job.imageDigest() != null) {
      doc.put("imageDigest", job.imageDigest());
    }
    if (job.exitCode() != null) {
      doc.put("exitCode", job.exitCode());
    }
    doc.put("outputVolume", job.outputVolume());
    String self = base + "/jobs/" + job.jobId();
    ArrayNode links = doc.putArray("links");
    links.add(Links.link(self, "self", Links.JSON, "job status"));
    links.add(Links.link(self, "monitor", Links.JSON, "job status"));
    if (job.phase() == JobPhase.SUCCESSFUL && !job.dismissRequested()) {
      links.add(Links.link(self + "/results", Links.REL_RESULTS, Links.JSON, "job results"));
    }
    if (!"dismissed".equals(job.status())) {
      links.add(Links.link(self + "/log", "log", "text/plain", "the job's output"));
      links.add(
          Links.link(
              origin + "/v3/pods/volumes/" + job.outputVolume(),
              "related",
              Links.JSON,
              "the job's volume (inputs/, outputs/), through the volume API"));
    }
    return doc;
  }

  static ObjectNode page(String member, List<ObjectNode> items, List<ObjectNode> links) {
    ObjectNode doc = NODES.objectNode();
    ArrayNode list = doc.putArray(member);
    items.forEach(list::add);
    ArrayNode linkList = doc.putArray("links");
    links.forEach(linkList::add);
    return doc;
  }

  private static void describe(ObjectNode node, String title, String description) {
    if (title != null) {
      node.put("title", title);
    }
    if (description != null) {
      node.put("description", description);
    }
  }

  private static void time(ObjectNode doc, String name, Instant instant) {
    if (instant != null) {
      doc.put(name, instant.toString());
    }
  }
}
