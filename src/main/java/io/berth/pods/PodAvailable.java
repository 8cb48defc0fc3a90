package io.berth.pods;

/**
 * A Spring event, published once the reconciler of this process has recorded a pod AVAILABLE: the
 * proxy of the same process lets what it holds for the pod (a woken pod's requests and connections)
 * go on at once, rather than at its next read of the database.
 */
public record PodAvailable(String tenant, String podId) {}
