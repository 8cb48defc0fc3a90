package io.berth.permissions;

/**
 * The kinds of shared resource the access list holds grants for. Each names the table and id column
 * of its resources, so that permission changes can lock the resource's row: two ADMINs lowering
 * each other at once are then applied one after the other, and the last-ADMIN rule holds.
 */
public enum ResourceKind {
  POD("pod", "pods", "pod_id"),
  VOLUME("volume", "volumes", "volume_id"),
  SNAPSHOT("snapshot", "snapshots", "snapshot_id"),
  PROCESS("process", "processes", "process_id");

  private final String key;
  private final String table;
  private final String idColumn;

  ResourceKind(String key, String table, String idColumn) {
    this.key = key;
    this.table = table;
    this.idColumn = idColumn;
  }

  /** How the kind is stored and named in messages: {@code pod}, {@code volume}, ... */
  public String key() {
    return key;
  }

  /** The capitalised name messages start with: {@code Pod}, {@code Volume}, ... */
  public String title() {
    return Character.toUpperCase(key.charAt(0)) + key.substring(1);
  }

  String table() {
    return table;
  }

  String idColumn() {
    return idColumn;
  }
}
