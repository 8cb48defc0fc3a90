package io.berth.runtime;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Storage ids: {@code vol-<tenant>-<uid>}, {@code snap-<tenant>-<uid>} and {@code
 * pod-<tenant>-<uid>-data<n>}, where the uid is made once, when the volume, snapshot or pod is
 * created, and recorded in its row. A name a user chooses never addresses storage, so a deleted
 * object's storage (or what is left of it) is never reached by a new object of the same name. The
 * tenant stays in the id because the Kubernetes adapter puts a storage's claim in its tenant's
 * namespace; the uid has no dash, so the tenant can be read back.
 */
public final class StorageNames {
  private static final SecureRandom RANDOM = new SecureRandom();

  private StorageNames() {}

  /** 128 random bits as 32 hexadecimal digits. */
  public static String newUid() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  public static String newVolume(String tenant) {
    return "vol-" + tenant + "-" + newUid();
  }

  public static String newSnapshot(String tenant) {
    return "snap-" + tenant + "-" + newUid();
  }

  /** The storage behind the {@code index}-th data path of the pod with this uid. */
  public static String podData(String tenant, String podUid, int index) {
    return podDataPrefix(tenant, podUid) + index;
  }

  /** What every data storage of one pod's life starts with. */
  public static String podDataPrefix(String tenant, String podUid) {
    return "pod-" + tenant + "-" + podUid + "-data";
  }
}
