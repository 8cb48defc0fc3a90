package io.berth.runtime.docker;

import java.io.IOException;

/**
 * The kernel's quota of keys per user ({@code kernel.keys.maxkeys}, 200 by default). Each
 * container's session keyring counts against its host user's quota, and a tenant's pods share one
 * user namespace, so one host user: with the default, a tenant's 201st running pod is refused
 * ("unable to join session keyring: disk quota exceeded"; seen at 200 of 1,000 pods).
 */
record KernelKeyQuota(long maxKeys) {
  static final KernelSetting MAX_KEYS = KernelSetting.of("kernel.keys.maxkeys");

  /** Pods of one tenant the quota should leave room for before Berth warns. */
  static final long ENOUGH = 10_000;

  /** Null when the kernel does not say (not Linux, or no /proc). */
  static KernelKeyQuota read(KernelSetting maxKeys) {
    try {
      return new KernelKeyQuota(Long.parseLong(maxKeys.read()));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** What to tell the operator, or null when the quota leaves room enough. */
  String warning() {
    if (maxKeys >= ENOUGH) {
      return null;
    }
    return "kernel.keys.maxkeys is "
        + maxKeys
        + ": each pod's session keyring counts against its host user's keys, and a tenant's pods"
        + " share one host user, so a tenant can run at most about "
        + maxKeys
        + " pods at once (runc: \"unable to join session keyring: disk quota exceeded\"); raise it"
        + " as root: sysctl -w kernel.keys.maxkeys=1000000 kernel.keys.maxbytes=25000000"
        + " (bin/berth up does)";
  }
}
