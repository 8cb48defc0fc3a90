package io.berth.pods;

/** The body of {@code POST /v3/pods/{pod_id}/extend}: how many seconds later the pod stops. */
public record PodExtension(Integer seconds) {}
