package io.berth.runtime;

/**
 * What "ready" means for a pod: its {@code port} accepts a connection, or answers an HTTP GET of
 * {@code httpPath} below 500 when a path is given. Engines that probe by themselves (Kubernetes'
 * kubelet) are told it; elsewhere Berth probes.
 */
public record ReadinessSpec(int port, String httpPath) {}
