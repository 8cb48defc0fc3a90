package io.berth.runtime;

/** Identifies a pod across Berth and the engine. */
public record PodKey(String tenant, String podId) {}
