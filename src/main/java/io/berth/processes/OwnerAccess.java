package io.berth.processes;

import io.berth.auth.Caller;
import io.berth.processes.catalog.ProcessDefinition;
import org.springframework.stereotype.Component;

/**
 * Until processes join the one permissions feature: a deployed process is its deployer's and its
 * tenant admins'; built-ins are everyone's to see and run.
 */
@Component
class OwnerAccess implements ProcessAccess {
  @Override
  public boolean canSee(Caller caller, ProcessDefinition process) {
    return canExecute(caller, process);
  }

  @Override
  public boolean canExecute(Caller caller, ProcessDefinition process) {
    return !process.mutable() || owns(caller, process);
  }

  @Override
  public boolean canChange(Caller caller, ProcessDefinition process) {
    return process.mutable() && owns(caller, process);
  }

  @Override
  public void deployed(Caller caller, ProcessDefinition process) {}

  @Override
  public void undeployed(ProcessDefinition process) {}

  private static boolean owns(Caller caller, ProcessDefinition process) {
    return caller.tenant().equals(process.tenant())
        && (caller.isTenantAdmin() || caller.user().equals(process.owner()));
  }
}
