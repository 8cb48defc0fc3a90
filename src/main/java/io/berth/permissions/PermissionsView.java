package io.berth.permissions;

import java.util.List;

/**
 * The one shape of every {@code .../permissions} answer, as Tapis has it: {@code user:LEVEL}
 * strings.
 */
public record PermissionsView(List<String> permissions) {}
