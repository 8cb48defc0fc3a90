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
  PROCESS("process", "processes", "process_id"),
  /** Templates can also be shared with a whole tenant or the whole site ({@link SharedWith}). */
  TEMPLATE("template", "templates", "template_id", true);

  private final String key;
  private final String table;
  private final String idColumn;
  private final boolean sharable;

  ResourceKind(String key, String table, String idColumn) {
    this(key, table, idColumn, false);
  }

  ResourceKind(String key, String table, String idColumn, boolean sharable) {
    this.key = key;
    this.table = table;
    this.idColumn = idColumn;
    this.sharable = sharable;
  }

  /** Whether grants to {@link SharedWith#TENANT} and {@link SharedWith#SITE} mean something. */
  public boolean sharable() {
    return sharable;
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
