package io.berth.runtime;

/** Identifies a job (a container that runs to completion) across Berth and the engine. */
public record JobKey(String tenant, String jobId) {}
