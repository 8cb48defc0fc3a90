package io.berth.pods;

import io.berth.templates.Networking;
import io.berth.templates.Resources;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A pod as stored: its desired spec (written by the API), what its owner asked for ({@code
 * statusRequested}) and what was last observed ({@code status}, {@code statusContainer}, written by
 * the reconciler). {@code generation} changes whenever the spec changes, so a container created
 * from an older spec can be told apart by its label. {@code uid} is made once, at creation: it
 * names the storage of this pod's life, which a later pod with the same {@code podId} never gets.
 */
public record Pod(
    String tenant,
    String podId,
    String podTemplate,
    String image,
    String description,
    List<String> command,
    Map<String, String> environmentVariables,
    Map<String, Networking> networking,
    Resources resources,
    Map<String, VolumeMount> volumeMounts,
    int timeToStopDefault,
    Integer timeToStopInstance,
    StatusRequested statusRequested,
    PodStatus status,
    Map<String, Object> statusContainer,
    long generation,
    Instant timeToStopTs,
    Instant startInstanceTs,
    Instant creationTs,
    Instant updateTs,
    String createdBy,
    String uid) {

  public Pod withGeneration(long newGeneration) {
    return new Pod(
        tenant,
        podId,
        podTemplate,
        image,
        description,
        command,
        environmentVariables,
        networking,
        resources,
        volumeMounts,
        timeToStopDefault,
        timeToStopInstance,
        statusRequested,
        status,
        statusContainer,
        newGeneration,
        timeToStopTs,
        startInstanceTs,
        creationTs,
        updateTs,
        createdBy,
        uid);
  }

  public Pod withStatusRequested(StatusRequested requested, Instant now) {
    return new Pod(
        tenant,
        podId,
        podTemplate,
        image,
        description,
        command,
        environmentVariables,
        networking,
        resources,
        volumeMounts,
        timeToStopDefault,
        timeToStopInstance,
        requested,
        status,
        statusContainer,
        generation,
        timeToStopTs,
        startInstanceTs,
        creationTs,
        now,
        createdBy,
        uid);
  }
}
