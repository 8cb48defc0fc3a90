package io.berth.templates;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One allowlist entry as the API shows it, the spec's {@code ImageResponseModel}: {@code tenants}
 * is {@code ["*"]} for site-wide entries from configuration (which have no creation time), or the
 * one tenant the entry was added for.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageEntry(
    String image, List<String> tenants, String description, String addedBy, Instant creationTs) {
  public static final String SITE_WIDE = "*";
}
