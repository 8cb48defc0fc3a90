package io.berth.processes;

import io.berth.auth.Caller;
import io.berth.processes.catalog.ProcessDefinition;

/**
 * Who may do what with a process. Built-in processes are everyone's to see and run and nobody's to
 * change; a deployed process belongs to a tenant and is shared by its grants.
 */
interface ProcessAccess {
  boolean canSee(Caller caller, ProcessDefinition process);

  boolean canExecute(Caller caller, ProcessDefinition process);

  /** Replace and undeploy. */
  boolean canChange(Caller caller, ProcessDefinition process);

  /** The deployer becomes its ADMIN. */
  void deployed(Caller caller, ProcessDefinition process);

  void undeployed(ProcessDefinition process);
}
