package io.berth.pods;

/** The body of {@code POST /v3/pods/{pod_id}/permissions}. */
public record PermissionGrant(String user, String level) {}
