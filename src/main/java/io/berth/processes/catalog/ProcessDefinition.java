package io.berth.processes.catalog;

import java.time.Instant;

/**
 * A process Berth can run: its description, how it runs, who deployed it in which tenant. Built-in
 * processes belong to no tenant and cannot be replaced or undeployed ({@code mutable} false).
 */
public record ProcessDefinition(
    String tenant,
    String owner,
    ProcessDescription description,
    ExecutionUnit unit,
    String packageType,
    boolean mutable,
    Instant creationTs,
    Instant updateTs) {

  public String id() {
    return description.id();
  }
}
