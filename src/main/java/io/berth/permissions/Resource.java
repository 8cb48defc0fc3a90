package io.berth.permissions;

/** One shared resource of a tenant: what a grant is about. */
public record Resource(ResourceKind kind, String tenant, String id) {

  public static Resource pod(String tenant, String podId) {
    return new Resource(ResourceKind.POD, tenant, podId);
  }

  public static Resource volume(String tenant, String volumeId) {
    return new Resource(ResourceKind.VOLUME, tenant, volumeId);
  }

  public static Resource snapshot(String tenant, String snapshotId) {
    return new Resource(ResourceKind.SNAPSHOT, tenant, snapshotId);
  }

  public static Resource process(String tenant, String processId) {
    return new Resource(ResourceKind.PROCESS, tenant, processId);
  }

  public static Resource template(String tenant, String templateId) {
    return new Resource(ResourceKind.TEMPLATE, tenant, templateId);
  }

  /** As messages name it: {@code pod mydb}. */
  @Override
  public String toString() {
    return kind.key() + " " + id;
  }
}
