package io.berth.runtime.docker;

/**
 * How a pod's user ids are seen on the host: container id {@code c} (0 to 65535) is host id {@code
 * hostBase + c}. A base of 0 is no user namespace (container root is host root).
 */
public record IdMapping(long hostBase) {
  /** Ids a pod may use: 0-65535, which covers the usual nobody (65534). */
  public static final int SIZE = 65536;

  /**
   * Above the ranges Debian gives users in /etc/subuid (100000 to 600100000) and below Podman's
   * suggested {@code containers} range (2147483647 onwards).
   */
  public static final long DEFAULT_HOST_ID_BASE = 1L << 30;

  public static final IdMapping IDENTITY = new IdMapping(0);

  public IdMapping {
    if (hostBase < 0 || hostBase + SIZE > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("host id range out of bounds: " + hostBase);
    }
  }

  /** The range of tenant slot {@code slot} above {@code firstHostId}. */
  public static IdMapping forSlot(long firstHostId, int slot) {
    return new IdMapping(firstHostId + (long) slot * SIZE);
  }

  public long host(int containerId) {
    if (containerId < 0 || containerId >= SIZE) {
      throw new IllegalArgumentException("container id outside 0-65535: " + containerId);
    }
    return hostBase + containerId;
  }

  public boolean maps(long hostId) {
    return hostId >= hostBase && hostId < hostBase + SIZE;
  }

  public boolean isIdentity() {
    return hostBase == 0;
  }

  /**
   * The host id that {@code hostId} should become in this mapping: ids below 65536 were written
   * without a user namespace (Berth before it used them, or files Berth wrote as root), ids in
   * another tenant range at or above {@code firstHostId} move by whole ranges; anything else stays.
   */
  public long rebase(long hostId, long firstHostId) {
    if (maps(hostId)) {
      return hostId;
    }
    if (hostId < SIZE) {
      return hostBase + hostId;
    }
    if (firstHostId > 0 && hostId >= firstHostId) {
      return hostBase + (hostId - firstHostId) % SIZE;
    }
    return hostId;
  }

  /** Podman's user namespace option that pins this range (compat API {@code UsernsMode}). */
  public String podmanUsernsMode() {
    String range = "0:" + hostBase + ":" + SIZE;
    return "auto:uidmapping=" + range + ",gidmapping=" + range + ",size=" + SIZE;
  }
}
