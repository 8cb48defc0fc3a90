package io.berth.pods;

import java.util.List;

/** Tapis's permissions result: {@code user:LEVEL} strings. */
public record PodPermissions(List<String> permissions) {}
