package io.berth.pods;

/**
 * A Spring event, published once the reconciler of this process has decided to stop a pod or
 * recorded it stopped, ended or failed: the proxy of the same process reads its routes again at
 * once rather than at its next interval, so a request meant to wake the pod does not meet its old
 * address and fail (other processes keep the interval).
 */
public record PodWentDown(String tenant, String podId) {}
