package io.berth.volumes;

import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** A volume as the API shows it: Tapis's fields; size and size_limit in whole MB. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VolumeView(
    String volumeId,
    String description,
    int sizeLimit,
    long size,
    String status,
    Instant creationTs,
    Instant updateTs) {}
