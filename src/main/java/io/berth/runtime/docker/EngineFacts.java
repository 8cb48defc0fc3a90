package io.berth.runtime.docker;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Berth must know of the engine to isolate pods: which engine, whether it runs rootless, and
 * the user namespace a Docker daemon puts every container in ({@code userns-remap}, seen in its
 * data directory's name {@code /var/lib/docker/<uid>.<gid>}).
 */
public record EngineFacts(String name, boolean rootless, IdMapping remap) {
  private static final Pattern REMAPPED_ROOT = Pattern.compile(".*/(\\d+)\\.(\\d+)/?$");

  public static final EngineFacts UNKNOWN = new EngineFacts("docker", false, null);

  public static EngineFacts of(String name, List<String> securityOptions, String rootDir) {
    List<String> options = securityOptions == null ? List.of() : securityOptions;
    boolean rootless = options.stream().anyMatch(o -> o.contains("name=rootless"));
    IdMapping remap = null;
    if (options.stream().anyMatch(o -> o.contains("name=userns")) && rootDir != null) {
      Matcher m = REMAPPED_ROOT.matcher(rootDir);
      if (m.matches()) {
        remap = new IdMapping(Long.parseLong(m.group(1)));
      }
    }
    return new EngineFacts(name, rootless, remap);
  }

  public boolean podman() {
    return name.equals("podman");
  }

  /** Whether Berth sets each tenant's range itself (rootful Podman's {@code --userns}). */
  public boolean tenantRanges() {
    return podman() && !rootless;
  }
}
