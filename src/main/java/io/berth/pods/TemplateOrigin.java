package io.berth.pods;

import tools.jackson.databind.node.ObjectNode;

/**
 * The template tag a pod was started from and the fields its owner gave over it.
 *
 * @param reference the template as the pod names it: {@code template_id} or {@code template_id:tag}
 * @param tagTimestamp the exact tag the definition was merged from ({@code tag@time})
 * @param podFields the owner's own fields (JSON), laid over the tag again when the pod moves on
 */
public record TemplateOrigin(
    String templateId, String reference, String tagTimestamp, ObjectNode podFields) {}
