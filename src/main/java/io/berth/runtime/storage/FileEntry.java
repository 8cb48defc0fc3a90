package io.berth.runtime.storage;

import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** One file in a volume or snapshot listing: path relative to its root, bytes, last change. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FileEntry(String path, long size, Instant modificationTime) {}
