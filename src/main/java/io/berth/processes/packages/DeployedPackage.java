package io.berth.processes.packages;

import io.berth.processes.catalog.ExecutionUnit;
import io.berth.processes.catalog.ProcessDescription;

/** An application package, read: what the process is and how it runs. */
public record DeployedPackage(ProcessDescription description, ExecutionUnit unit, String type) {
  public static final String DOCKER = "docker";
  public static final String CWL = "cwl";
}
