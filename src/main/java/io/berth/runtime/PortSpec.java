package io.berth.runtime;

/**
 * A port of a pod's container, named by its networking entry.
 *
 * @param host the host name HTTP clients reach this port at through the site's proxy (the
 *     per-tenant scheme the proxy routes by), or null for ports not reached by host name (tcp,
 *     postgres and local_only entries)
 */
public record PortSpec(String name, int containerPort, String host) {}
