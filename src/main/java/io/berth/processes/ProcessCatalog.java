package io.berth.processes;

import io.berth.auth.Caller;
import io.berth.permissions.PermissionGrant;
import io.berth.permissions.Permissions;
import io.berth.processes.catalog.BuiltinProcesses;
import io.berth.processes.catalog.OgcException;
import io.berth.processes.catalog.ProcessDefinition;
import io.berth.processes.catalog.ProcessRepository;
import io.berth.processes.catalog.ProcessesProperties;
import io.berth.processes.packages.ApplicationPackages;
import io.berth.processes.packages.DeployedPackage;
import io.berth.templates.ImageAllowlist;
import io.berth.web.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The processes a caller sees, and deploying, replacing and undeploying them (OGC Part 2). The
 * media type is checked first (415), then the caller's rights, then the package; a process's image
 * must be on the tenant's image allowlist, as a pod's must.
 */
@Service
class ProcessCatalog {
  private final ProcessRepository processes;
  private final List<ProcessDefinition> builtins;
  private final ProcessAccess access;
  private final ApplicationPackages packages;
  private final ImageAllowlist allowlist;
  private final ProcessesProperties properties;
  private final Permissions permissions;
  private final Clock clock;

  ProcessCatalog(
      ProcessRepository processes,
      ProcessAccess access,
      Permissions permissions,
      ApplicationPackages packages,
      ImageAllowlist allowlist,
      ProcessesProperties properties,
      Clock clock) {
    this.processes = processes;
    this.builtins = BuiltinProcesses.all(properties.echoImage());
    this.access = access;
    this.permissions = permissions;
    this.packages = packages;
    this.allowlist = allowlist;
    this.properties = properties;
    this.clock = clock;
  }

  List<ProcessDefinition> visible(Caller caller) {
    List<ProcessDefinition> all = new ArrayList<>(builtins);
    processes.listTenant(caller.tenant()).stream()
        .filter(p -> access.canSee(caller, p))
        .forEach(all::add);
    all.sort(Comparator.comparing(ProcessDefinition::id));
    return all;
  }

  ProcessDefinition get(Caller caller, String id) {
    return find(caller, id)
        .filter(p -> access.canSee(caller, p))
        .orElseThrow(() -> OgcException.noSuchProcess(id));
  }

  ProcessDefinition executable(Caller caller, String id) {
    ProcessDefinition process = get(caller, id);
    if (!access.canExecute(caller, process)) {
      throw OgcException.forbidden("You may see process " + id + " but not execute it.");
    }
    if (process.mutable()) {
      checkImage(caller, process.unit().image());
    }
    return process;
  }

  @Transactional
  ProcessDefinition deploy(Caller caller, String contentType, Supplier<byte[]> body) {
    String mediaType = ApplicationPackages.mediaType(contentType);
    checkDeployer(caller);
    DeployedPackage pkg = packages.read(mediaType, body.get());
    String id = pkg.description().id();
    if (builtins.stream().anyMatch(b -> b.id().equals(id))) {
      throw duplicated(id);
    }
    checkImage(caller, pkg.unit().image());
    Instant now = now();
    ProcessDefinition process =
        new ProcessDefinition(
            caller.tenant(),
            caller.user(),
            pkg.description(),
            pkg.unit(),
            pkg.type(),
            true,
            now,
            now);
    try {
      processes.insert(process);
    } catch (DuplicateKeyException e) {
      throw duplicated(id);
    }
    access.deployed(caller, process);
    return process;
  }

  @Transactional
  void replace(Caller caller, String id, String contentType, Supplier<byte[]> body) {
    String mediaType = ApplicationPackages.mediaType(contentType);
    ProcessDefinition current = changeable(caller, id);
    DeployedPackage pkg = packages.read(mediaType, body.get());
    if (!pkg.description().id().equals(id)) {
      throw OgcException.invalid(
          "The package describes process "
              + pkg.description().id()
              + ", not "
              + id
              + ": the id cannot change.");
    }
    checkImage(caller, pkg.unit().image());
    ProcessDefinition replaced =
        new ProcessDefinition(
            current.tenant(),
            current.owner(),
            pkg.description(),
            pkg.unit(),
            pkg.type(),
            true,
            current.creationTs(),
            now());
    if (!processes.update(replaced)) {
      throw OgcException.noSuchProcess(id);
    }
  }

  @Transactional
  void undeploy(Caller caller, String id) {
    ProcessDefinition current = changeable(caller, id);
    if (!processes.delete(current.tenant(), id)) {
      throw OgcException.noSuchProcess(id);
    }
    access.undeployed(current);
  }

  /** Who holds what on a deployed process; its ADMINs see it. */
  List<String> permissions(Caller caller, String id) {
    return permissions.list(SharedProcessAccess.resource(changeable(caller, id)));
  }

  @Transactional
  List<String> grant(Caller caller, String id, PermissionGrant grant) {
    try {
      return permissions.grant(caller, SharedProcessAccess.resource(changeable(caller, id)), grant);
    } catch (ApiException e) {
      throw new OgcException(e.status(), OgcException.GENERIC, e.getMessage());
    }
  }

  @Transactional
  List<String> revoke(Caller caller, String id, String user) {
    try {
      return permissions.revoke(caller, SharedProcessAccess.resource(changeable(caller, id)), user);
    } catch (ApiException e) {
      throw new OgcException(e.status(), OgcException.GENERIC, e.getMessage());
    }
  }

  private ProcessDefinition changeable(Caller caller, String id) {
    ProcessDefinition current = get(caller, id);
    if (!current.mutable()) {
      throw new OgcException(
          HttpStatus.FORBIDDEN,
          OgcException.IMMUTABLE_PROCESS,
          "Process " + id + " is built in: it cannot be replaced or undeployed.");
    }
    if (!access.canChange(caller, current)) {
      throw OgcException.forbidden(
          "Process " + id + " can be replaced or undeployed only by its ADMINs.");
    }
    return current;
  }

  private Optional<ProcessDefinition> find(Caller caller, String id) {
    Optional<ProcessDefinition> builtin =
        builtins.stream().filter(b -> b.id().equals(id)).findFirst();
    return builtin.isPresent() ? builtin : processes.find(caller.tenant(), id);
  }

  private void checkDeployer(Caller caller) {
    if (!caller.isTenantAdmin() && !caller.roles().contains(properties.deployRole())) {
      throw OgcException.forbidden(
          "Deploying processes needs the role "
              + properties.deployRole()
              + " (or tenant admin), which your token does not carry.");
    }
  }

  private void checkImage(Caller caller, String image) {
    if (!allowlist.allows(caller.tenant(), image)) {
      throw OgcException.unprocessable(
          "Image "
              + image
              + " is not on the image allowlist of tenant "
              + caller.tenant()
              + " (GET /v3/pods/images).");
    }
  }

  private static OgcException duplicated(String id) {
    return new OgcException(
        HttpStatus.CONFLICT,
        OgcException.DUPLICATED_PROCESS,
        "A process with id " + id + " is already deployed.");
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
