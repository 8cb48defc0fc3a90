package io.berth.processes.jobs;

import tools.jackson.databind.JsonNode;

/**
 * One output of a finished job: the file in the job's output volume ({@code path}, relative to the
 * volume; a directory for Directory outputs), its media type and size, and for literal outputs
 * (strings, numbers, JSON) the value itself, kept so results need no file read.
 */
public record JobResult(
    String path, String mediaType, long size, JsonNode value, boolean directory) {}
