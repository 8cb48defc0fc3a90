package io.berth.templates;

import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The body of {@code PUT /v3/pods/templates/{template_id}}: fields left out keep their value; an
 * empty {@code archive_message} takes the template out of the archive.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TemplateUpdate(String description, List<String> metatags, String archiveMessage) {}
