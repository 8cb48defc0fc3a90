package io.berth.processes;

import io.berth.auth.Caller;
import io.berth.permissions.PermissionLevel;
import io.berth.permissions.Permissions;
import io.berth.permissions.Resource;
import io.berth.processes.catalog.ProcessDefinition;
import org.springframework.stereotype.Component;

/**
 * Processes in the one access list: the deployer is ADMIN; READ lets a user see a process, USER run
 * it, ADMIN replace, undeploy and share it. Tenant admins hold ADMIN on all of their tenant's.
 * Built-ins are everyone's to see and run and nobody's to change.
 */
@Component
class SharedProcessAccess implements ProcessAccess {
  private final Permissions permissions;

  SharedProcessAccess(Permissions permissions) {
    this.permissions = permissions;
  }

  @Override
  public boolean canSee(Caller caller, ProcessDefinition process) {
    return !process.mutable() || holds(caller, process, PermissionLevel.READ);
  }

  @Override
  public boolean canExecute(Caller caller, ProcessDefinition process) {
    return !process.mutable() || holds(caller, process, PermissionLevel.USER);
  }

  @Override
  public boolean canChange(Caller caller, ProcessDefinition process) {
    return process.mutable() && holds(caller, process, PermissionLevel.ADMIN);
  }

  @Override
  public void deployed(Caller caller, ProcessDefinition process) {
    permissions.created(resource(process), caller.user());
  }

  @Override
  public void undeployed(ProcessDefinition process) {
    permissions.deleted(resource(process));
  }

  static Resource resource(ProcessDefinition process) {
    return Resource.process(process.tenant(), process.id());
  }

  private boolean holds(Caller caller, ProcessDefinition process, PermissionLevel needed) {
    if (!caller.tenant().equals(process.tenant())) {
      return false;
    }
    PermissionLevel held = permissions.held(caller, resource(process));
    return held != null && held.atLeast(needed);
  }
}
