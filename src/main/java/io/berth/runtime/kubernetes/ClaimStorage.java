package io.berth.runtime.kubernetes;

import io.berth.runtime.RuntimeFailure;
import io.berth.runtime.kubernetes.HelperManifests.ClaimMount;
import io.berth.runtime.kubernetes.HelperPods.Lease;
import io.berth.runtime.kubernetes.HelperPods.Result;
import io.berth.runtime.storage.ExistingStorage;
import io.berth.runtime.storage.FileEntry;
import io.berth.runtime.storage.Paths;
import io.berth.runtime.storage.StorageFullException;
import io.berth.runtime.storage.StoragePathException;
import io.berth.runtime.storage.VolumeStorage;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Volume storage on a Kubernetes site: the PersistentVolumeClaims pods mount, reached through
 * helper pods ({@link HelperPods}). Each operation is a short busybox script run with {@code
 * pods/exec}: bytes go through {@code head -c}/{@code cat}, listings through {@code find}/{@code
 * stat}, copies through {@code cp -a}. Paths are checked by text first, as on local storage ({@link
 * Paths#checked}), then in the helper against links that lead out of the claim. Whole-volume
 * snapshots are CSI VolumeSnapshots when the site names a snapshot class.
 */
class ClaimStorage implements VolumeStorage, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClaimStorage.class);
  private static final Pattern STORAGE_ID = Pattern.compile("^[a-z][a-z0-9-]{1,200}$");
  private final KubernetesClient client;
  private final KubernetesProperties properties;
  private final String site;
  private final HelperPods helpers;
  private final Path spool;
  private final UsageCache sizes;

  /**
   * @param spool a local directory where uploads are put before they are streamed to the claim: the
   *     servlet's own spool directory, so putting them there is a rename
   */
  ClaimStorage(
      KubernetesClient client,
      KubernetesProperties properties,
      String site,
      HelperPods helpers,
      Path spool) {
    this.client = client;
    this.properties = properties;
    this.site = site;
    this.helpers = helpers;
    this.spool = spool;
    this.sizes = new UsageCache(properties.usageCache());
  }

  @Override
  public void create(String storageId) {
    claim(storageId, null, null);
  }

  @Override
  public void create(String storageId, int sizeLimitMb) {
    claim(storageId, ClaimManifests.mebibytes(sizeLimitMb), null);
  }

  /**
   * A CSI snapshot restored into a new claim when the site has a snapshot class and the whole
   * volume is taken; otherwise a new claim and a copy by a helper. A claim never bound has no data
   * yet (and its snapshot would wait for ever): the helper copy binds it and copies nothing.
   */
  @Override
  public void createCopy(
      String fromStorageId, String fromPath, String toStorageId, String toPath, int sizeLimitMb) {
    String namespace = sameNamespace(fromStorageId, toStorageId);
    if (properties.snapshotClass() == null || !fromPath.isEmpty() || !toPath.isEmpty()) {
      VolumeStorage.super.createCopy(fromStorageId, fromPath, toStorageId, toPath, sizeLimitMb);
      return;
    }
    PersistentVolumeClaim source = claim(fromStorageId, null, null);
    if (source.getStatus() == null || !"Bound".equals(source.getStatus().getPhase())) {
      VolumeStorage.super.createCopy(fromStorageId, fromPath, toStorageId, toPath, sizeLimitMb);
      return;
    }
    GenericKubernetesResource snapshot =
        VolumeSnapshots.of(properties, site, namespace, fromStorageId, toStorageId);
    SiteObjects.createIfAbsent(() ->
        client
            .genericKubernetesResources(VolumeSnapshots.CONTEXT)
            .inNamespace(namespace)
            .resource(snapshot)
            .create());
    // a restored claim may not be smaller than its source
    Quantity wanted = ClaimManifests.mebibytes(sizeLimitMb);
    Quantity sourceSize = source.getSpec().getResources().getRequests().get("storage");
    Quantity size =
        sourceSize != null
                && sourceSize.getNumericalAmount().compareTo(wanted.getNumericalAmount()) > 0
            ? sourceSize
            : wanted;
    claim(toStorageId, size, snapshot.getMetadata().getName());
  }

  @Override
  public void delete(String storageId) {
    sizes.forget(storageId);
    release(storageId::equals);
  }

  @Override
  public void deleteAll(String prefix) {
    sizes.forgetIf(id -> id.startsWith(prefix));
    release(id -> id.startsWith(prefix));
  }

  /** The site's claims of storages with that prefix, each as old as the claim. */
  @Override
  public List<ExistingStorage> existing(String prefix) {
    List<ExistingStorage> found = new ArrayList<>();
    var claims = client.persistentVolumeClaims();
    for (PersistentVolumeClaim claim :
        SiteObjects.list(claims, properties, selector()).getItems()) {
      Map<String, String> annotations = claim.getMetadata().getAnnotations();
      String id = annotations == null ? null : annotations.get(ClaimManifests.STORAGE_ID);
      String created = claim.getMetadata().getCreationTimestamp();
      if (id != null && id.startsWith(prefix) && created != null) {
        found.add(new ExistingStorage(id, Instant.parse(created)));
      }
    }
    return found;
  }

  @Override
  public boolean exists(String storageId) {
    checkId(storageId);
    return client
            .persistentVolumeClaims()
            .inNamespace(ObjectNames.storageNamespace(properties, storageId))
            .withName(ObjectNames.claim(storageId))
            .get()
        != null;
  }

  @Override
  public long usage(String storageId) {
    return sizes.get(
        storageId,
        () ->
            Long.parseLong(
                run(storageId, HelperScripts.USAGE, List.of(), null, "").stdout().strip()));
  }

  @Override
  public List<FileEntry> list(String storageId) {
    Result result = run(storageId, HelperScripts.LIST, List.of(), null, "");
    List<FileEntry> entries = new ArrayList<>();
    for (String line : result.stdout().split("\n")) {
      // size, mtime, mode as ls shows it (-rw-r--r--), ./path
      String[] parts = line.split(" ", 4);
      if (parts.length == 4 && parts[3].startsWith("./")) {
        entries.add(
            new FileEntry(
                parts[3].substring(2),
                Long.parseLong(parts[0]),
                Instant.ofEpochSecond(Long.parseLong(parts[1])),
                parts[2].substring(1),
                false));
      }
    }
    entries.sort(Comparator.comparing(FileEntry::path));
    return entries;
  }

  @Override
  public List<FileEntry> listFolder(String storageId, String path) {
    if (!path.isEmpty()) {
      checkPath(storageId, path);
    }
    Result result = run(storageId, HelperScripts.LIST_FOLDER, List.of(path), null, path);
    String prefix = path.isEmpty() ? "" : path + "/";
    List<FileEntry> entries = new ArrayList<>();
    for (String line : result.stdout().split("\n")) {
      String[] parts = line.split(" ", 4);
      if (parts.length == 4 && parts[3].startsWith("./")) {
        boolean directory = parts[2].startsWith("d");
        entries.add(
            new FileEntry(
                prefix + parts[3].substring(2),
                directory ? 0 : Long.parseLong(parts[0]),
                Instant.ofEpochSecond(Long.parseLong(parts[1])),
                parts[2].substring(1),
                directory));
      }
    }
    entries.sort(Comparator.comparing(FileEntry::path));
    return entries;
  }

  @Override
  public void remove(String storageId, String path) {
    checkPath(storageId, path);
    sizes.forget(storageId);
    run(storageId, HelperScripts.REMOVE, List.of(path), null, path);
  }

  @Override
  public void makeDirectory(String storageId, String path) {
    checkPath(storageId, path);
    run(storageId, HelperScripts.MAKE_DIRECTORY, List.of(path), null, path);
  }

  @Override
  public void move(String storageId, String from, String to) {
    checkPath(storageId, from);
    checkPath(storageId, to);
    try (Lease lease = lease(storageId)) {
      Result result = lease.run(HelperScripts.MOVE, List.of(from, to), null);
      // the source is what may be missing; the destination what may already exist
      check(result, result.exitCode() == HelperScripts.EXISTS ? to : from, "no file at ");
    }
  }

  @Override
  public void checkPath(String storageId, String path) {
    checkId(storageId);
    Paths.checked(path);
  }

  @Override
  public long store(String storageId, String path, Upload upload, Room room) {
    checkPath(storageId, path);
    sizes.forget(storageId);
    Path spooled = spool.resolve("claim-" + UUID.randomUUID());
    try {
      Files.createDirectories(spool);
      long size = upload.writeTo(spooled, room);
      run(
          storageId,
          HelperScripts.STORE,
          List.of(path, Long.toString(size), UUID.randomUUID().toString()),
          spooled,
          path);
      return size;
    } catch (IOException e) {
      throw new UncheckedIOException("could not store " + path, e);
    } finally {
      sizes.forget(storageId); // also after: a size measured meanwhile is already old
      try {
        Files.deleteIfExists(spooled);
      } catch (IOException e) {
        log.warn("Could not delete spooled upload {}: {}", spooled, e.getMessage());
      }
    }
  }

  @Override
  public StoredFile read(String storageId, String path) {
    checkPath(storageId, path);
    long size =
        Long.parseLong(
            run(storageId, HelperScripts.SIZE_OF, List.of(path), null, path).stdout().strip());
    String name = path.substring(path.lastIndexOf('/') + 1);
    // the stream is a second exec, in the same helper while it idles, released when closed
    return new StoredFile(
        size,
        name,
        () -> {
          Lease lease = lease(storageId);
          try {
            return lease.stream(HelperScripts.CAT, List.of(path));
          } catch (RuntimeException e) {
            lease.close();
            throw e;
          }
        });
  }

  @Override
  public void copy(String fromStorageId, String fromPath, String toStorageId, String toPath) {
    String namespace = sameNamespace(fromStorageId, toStorageId);
    for (String path : List.of(fromPath, toPath)) {
      if (!path.isEmpty()) {
        Paths.checked(path);
      }
    }
    claim(fromStorageId, null, null);
    claim(toStorageId, null, null);
    sizes.forget(toStorageId);
    try (Lease lease =
        helpers.acquire(
            namespace,
            List.of(new ClaimMount(fromStorageId, true), new ClaimMount(toStorageId, false)))) {
      check(
          lease.run(HelperScripts.COPY, List.of(fromPath, toPath), null), fromPath, "nothing at ");
    }
  }

  /** Runs a script in a helper mounting the storage's claim, which is made first if missing. */
  private Result run(String storageId, String script, List<String> args, Path stdin, String path) {
    try (Lease lease = lease(storageId)) {
      return check(lease.run(script, args, stdin), path, "no file at ");
    }
  }

  private Lease lease(String storageId) {
    claim(storageId, null, null);
    return helpers.acquire(
        ObjectNames.storageNamespace(properties, storageId),
        List.of(new ClaimMount(storageId, false)));
  }

  private static Result check(Result result, String path, String missing) {
    return switch (result.exitCode()) {
      case 0 -> result;
      case HelperScripts.MISSING ->
          throw new StoragePathException(StoragePathException.Reason.MISSING, missing + path);
      case HelperScripts.OUTSIDE ->
          throw new StoragePathException("path " + path + " leads outside the volume (symlink)");
      case HelperScripts.DIRECTORY ->
          throw new StoragePathException(
              StoragePathException.Reason.CONFLICT, "path " + path + " is a directory");
      case HelperScripts.NOT_DIRECTORY ->
          throw new StoragePathException(
              StoragePathException.Reason.CONFLICT,
              "path " + path + " passes through a file where a directory must be");
      case HelperScripts.EXISTS ->
          throw new StoragePathException(
              StoragePathException.Reason.CONFLICT, "path " + path + " already exists");
      case HelperScripts.INTO_ITSELF ->
          throw new StoragePathException("path " + path + " cannot be moved into itself");
      case HelperScripts.SHORT ->
          throw new RuntimeFailure("the upload of " + path + " arrived incomplete");
      default -> {
        if (result.stderr().contains("No space left")) {
          throw new StorageFullException(); // the claim is full
        }
        throw new RuntimeFailure(
            "storage helper failed (exit " + result.exitCode() + "): " + result.stderr().strip());
      }
    };
  }

  /** The storage's claim, made if missing (with its tenant's namespace, if it has its own). */
  private PersistentVolumeClaim claim(String storageId, Quantity size, String fromSnapshot) {
    checkId(storageId);
    String namespace = ObjectNames.storageNamespace(properties, storageId);
    String name = ObjectNames.claim(storageId);
    PersistentVolumeClaim existing =
        client.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
    if (existing != null) {
      return existing;
    }
    if (properties.namespacePerTenant()) {
      SiteObjects.createIfAbsent(() ->
          client
              .resource(
                  TenantNamespace.build(site, namespace, ObjectNames.storageTenant(storageId)))
              .create());
    }
    PersistentVolumeClaim wanted =
        ClaimManifests.claim(properties, site, namespace, storageId, size, fromSnapshot);
    SiteObjects.createIfAbsent(() -> client.resource(wanted).create());
    PersistentVolumeClaim made =
        client.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
    return made != null ? made : wanted;
  }

  private String sameNamespace(String fromStorageId, String toStorageId) {
    String namespace = ObjectNames.storageNamespace(properties, fromStorageId);
    if (!namespace.equals(ObjectNames.storageNamespace(properties, toStorageId))) {
      throw new IllegalArgumentException(
          "cannot copy " + fromStorageId + " to " + toStorageId + ": another tenant's namespace");
    }
    return namespace;
  }

  /** One list of the site's claims (and snapshots), then a delete per object of the storage. */
  private void release(Predicate<String> storage) {
    Map<String, String> selector = selector();
    var claims = client.persistentVolumeClaims();
    for (PersistentVolumeClaim claim : SiteObjects.list(claims, properties, selector).getItems()) {
      if (ofStorage(claim, storage)) {
        claims.inNamespace(claim.getMetadata().getNamespace()).resource(claim).delete();
        deleted(claim);
      }
    }
    if (properties.snapshotClass() != null) {
      var snapshots = client.genericKubernetesResources(VolumeSnapshots.CONTEXT);
      for (GenericKubernetesResource snapshot :
          SiteObjects.list(snapshots, properties, selector).getItems()) {
        if (ofStorage(snapshot, storage)) {
          snapshots
              .inNamespace(snapshot.getMetadata().getNamespace())
              .withName(snapshot.getMetadata().getName())
              .delete();
          deleted(snapshot);
        }
      }
    }
  }

  /** The labels every claim (and CSI snapshot) of this site's storage carries. */
  private Map<String, String> selector() {
    return ObjectNames.componentSelector(site, "storage");
  }

  private static boolean ofStorage(HasMetadata object, Predicate<String> storage) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    String id = annotations == null ? null : annotations.get(ClaimManifests.STORAGE_ID);
    return id != null && storage.test(id);
  }

  private static void deleted(HasMetadata object) {
    log.info(
        "Deleted {} {}/{} of storage {}",
        object.getKind(),
        object.getMetadata().getNamespace(),
        object.getMetadata().getName(),
        object.getMetadata().getAnnotations().get(ClaimManifests.STORAGE_ID));
  }

  private static void checkId(String storageId) {
    if (!STORAGE_ID.matcher(storageId).matches()) {
      throw new IllegalArgumentException("invalid storage id " + storageId);
    }
  }

  @Override
  public void close() {
    helpers.close();
  }
}
