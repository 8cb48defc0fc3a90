package io.berth.templates;

import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One allowlist entry as the API shows it. {@code tenants} is {@code ["*"]} for site-wide entries
 * from configuration, or the tenant the entry was added for.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ImageEntry(
    String image, String tenant, String description, String addedBy, Instant creationTs) {
  public static final String SITE_WIDE = "*";
}
