package io.berth.volumes;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/** The body of a rename or move: the path the file or folder gets. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FileMove(String destinationPath) {}
