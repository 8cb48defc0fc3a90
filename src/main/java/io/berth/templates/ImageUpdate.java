package io.berth.templates;

/** The body of {@code PUT /v3/pods/images/{image_id}}: a new description. */
public record ImageUpdate(String description) {}
