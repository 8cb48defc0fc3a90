package io.berth.templates;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One immutable version of a template (Tapis's TemplateTag). {@code seq} orders a template's tags;
 * {@code tag_timestamp} ({@code tag@yyyy-MM-dd-HH:mm:ss}) names exactly one of them. The pod
 * definition is kept as given, without defaults, so a pod's own fields can later be laid over it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TemplateTag(
    String templateId,
    @JsonIgnore int seq,
    String tag,
    String tagTimestamp,
    JsonNode podDefinition,
    String commitMessage,
    String addedBy,
    @JsonIgnore String sourceDigest,
    Instant creationTs) {

  /** The tag without its definition, as {@code full=false} lists it. */
  public TemplateTag summary() {
    return new TemplateTag(
        templateId, seq, tag, tagTimestamp, null, commitMessage, addedBy, sourceDigest, creationTs);
  }
}
