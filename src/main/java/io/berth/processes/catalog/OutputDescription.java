package io.berth.processes.catalog;

import tools.jackson.databind.JsonNode;

/** One output of a process, as OGC's outputDescription. */
public record OutputDescription(String title, String description, JsonNode schema) {}
