package io.berth.runtime.docker;

import io.berth.runtime.MountSpec;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the storage a pod mounts usable by the user the pod runs as, seen through its user
 * namespace: the storage's root directory belongs to the pod's user and the site's storage group
 * (which every pod joins), group-writable with the set-group-id bit so what is made inside stays in
 * the group, as Kubernetes does with {@code fsGroup}. Storage whose root is not yet in the tenant's
 * id range (new, or kept from before Berth used user namespaces) has its whole tree moved into the
 * range once: container id {@code c} becomes host id {@code base + c}.
 *
 * <p>Pods may be changing the tree meanwhile (a pod of the same tenant with the storage mounted),
 * so ownership is changed only relative to directories opened without following links ({@link
 * SecureDirectoryStream}): a directory swapped for a symbolic link is never followed out of the
 * storage. Left open: the JDK opens an entry to change its owner, without O_NONBLOCK, so an entry
 * swapped for a named pipe at that instant would block the move; it needs a pod writing storage
 * whose tree is being moved, which happens once, before any pod ran on it in a user namespace.
 */
final class StorageOwnership {
  private static final Logger log = LoggerFactory.getLogger(StorageOwnership.class);
  private static final int MAX_DEPTH = 256;
  private static final int GROUP_WRITABLE_SETGID = 02070;

  private final long firstHostId;
  private final boolean root;
  private final UserPrincipalLookupService lookup;
  private final Map<Long, UserPrincipal> users = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<Long, GroupPrincipal> groups = new java.util.concurrent.ConcurrentHashMap<>();

  StorageOwnership(long firstHostId) {
    this.firstHostId = firstHostId;
    this.root = runningAsRoot();
    this.lookup = Path.of("/").getFileSystem().getUserPrincipalLookupService();
  }

  /**
   * Prepares the data directory ({@code data}) of each mounted storage and the directories of its
   * sub_path. Sub_path mounts go first: their new directories go to the pod's user before a first
   * move of the whole storage into the tenant's range (through another mount of it) makes them
   * root's.
   */
  void prepareAll(
      List<MountSpec> mounts, Function<MountSpec, Path> data, IdMapping mapping, int uid, int group)
      throws IOException {
    List<MountSpec> ordered = new ArrayList<>(mounts);
    ordered.sort(Comparator.comparing(m -> m.subPath() == null || m.subPath().isEmpty()));
    for (MountSpec mount : ordered) {
      prepare(data.apply(mount), mount.subPath(), mapping, uid, group);
    }
  }

  /**
   * Prepares {@code storage} (a volume's or a pod's data directory, created by Berth) and the
   * directories of {@code subPath} inside it for a pod running as container user {@code uid} in
   * {@code mapping}, with storage group {@code group}.
   */
  void prepare(Path storage, String subPath, IdMapping mapping, int uid, int group)
      throws IOException {
    if (!root) {
      return; // without root nothing can be given away; rootless engines map to Berth's own user
    }
    Map<String, Object> attrs =
        Files.readAttributes(storage, "unix:uid,gid,mode,isDirectory", LinkOption.NOFOLLOW_LINKS);
    if (!Boolean.TRUE.equals(attrs.get("isDirectory"))) {
      return;
    }
    // first the sub_path's directories Berth just made (owned by host root): the tree's move below
    // would otherwise make them container root's
    if (subPath != null && !subPath.isEmpty()) {
      prepareSubPath(storage, subPath, mapping, uid, group);
    }
    long owner = ((Integer) attrs.get("uid")) & 0xFFFF_FFFFL;
    if (!mapping.maps(owner)) {
      shiftTree(storage, mapping);
      set(storage, "unix:uid", mapping.host(uid));
    }
    long gid = ((Integer) attrs.get("gid")) & 0xFFFF_FFFFL;
    if (gid != mapping.host(group) || !mapping.maps(owner)) {
      set(storage, "unix:gid", mapping.host(group));
    }
    int mode = (Integer) attrs.get("mode");
    if ((mode & GROUP_WRITABLE_SETGID) != GROUP_WRITABLE_SETGID) {
      Files.setAttribute(
          storage, "unix:mode", (mode & 07777) | GROUP_WRITABLE_SETGID, LinkOption.NOFOLLOW_LINKS);
    }
  }

  /** Directories of a sub_path Berth created (owned by root) go to the pod's user and group. */
  private void prepareSubPath(Path storage, String subPath, IdMapping mapping, int uid, int group)
      throws IOException {
    List<SecureDirectoryStream<Path>> open = new ArrayList<>();
    try {
      SecureDirectoryStream<Path> dir = secure(Files.newDirectoryStream(storage));
      open.add(dir);
      Path at = storage;
      for (Path part : Path.of(subPath).normalize()) {
        at = at.resolve(part);
        if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
          return; // a link or a file: not followed, not changed
        }
        if (!mapping.maps(uidOf(at))) {
          PosixFileAttributeView view =
              dir.getFileAttributeView(
                  part, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
          view.setOwner(user(mapping.host(uid)));
          view.setGroup(group(mapping.host(group)));
        }
        dir = dir.newDirectoryStream(part, LinkOption.NOFOLLOW_LINKS);
        open.add(dir);
      }
    } finally {
      for (SecureDirectoryStream<Path> dir : open) {
        dir.close();
      }
    }
  }

  private void shiftTree(Path storage, IdMapping mapping) throws IOException {
    try (DirectoryStream<Path> top = Files.newDirectoryStream(storage)) {
      shift(secure(top), storage, mapping, 0);
    }
    log.info("Moved the owners of {} into the host id range from {}", storage, mapping.hostBase());
  }

  private void shift(SecureDirectoryStream<Path> dir, Path at, IdMapping mapping, int depth)
      throws IOException {
    List<Path> names = new ArrayList<>();
    for (Path entry : dir) {
      names.add(entry.getFileName());
    }
    for (Path name : names) {
      Path path = at.resolve(name);
      Map<String, Object> attrs;
      try {
        attrs =
            Files.readAttributes(
                path, "unix:uid,gid,isDirectory,isRegularFile", LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        continue; // removed meanwhile
      }
      boolean directory = Boolean.TRUE.equals(attrs.get("isDirectory"));
      if (!directory && !Boolean.TRUE.equals(attrs.get("isRegularFile"))) {
        // links, pipes, sockets, devices: changing an owner through SecureDirectoryStream opens the
        // entry, which would block on a pipe; they keep their owner (a pod can still remove them)
        continue;
      }
      long uid = ((Integer) attrs.get("uid")) & 0xFFFF_FFFFL;
      long gid = ((Integer) attrs.get("gid")) & 0xFFFF_FFFFL;
      long newUid = mapping.rebase(uid, firstHostId);
      long newGid = mapping.rebase(gid, firstHostId);
      if (newUid != uid || newGid != gid) {
        PosixFileAttributeView view =
            dir.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        try {
          view.setOwner(user(newUid));
          view.setGroup(group(newGid));
        } catch (IOException e) {
          continue; // removed or replaced meanwhile
        }
      }
      if (directory) {
        if (depth >= MAX_DEPTH) {
          log.warn("{} is nested deeper than {} directories: owners below are left", at, MAX_DEPTH);
          continue;
        }
        SecureDirectoryStream<Path> child;
        try {
          child = dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
          continue; // replaced by a link or removed meanwhile: not followed
        }
        try (child) {
          shift(child, path, mapping, depth + 1);
        }
      }
    }
  }

  private static SecureDirectoryStream<Path> secure(DirectoryStream<Path> stream)
      throws IOException {
    if (stream instanceof SecureDirectoryStream<Path> secure) {
      return secure;
    }
    stream.close();
    throw new IOException("this platform cannot open directories without following links");
  }

  private static long uidOf(Path path) throws IOException {
    return ((Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS))
        & 0xFFFF_FFFFL;
  }

  private static void set(Path path, String attribute, long id) throws IOException {
    Files.setAttribute(path, attribute, (int) id, LinkOption.NOFOLLOW_LINKS);
  }

  private UserPrincipal user(long id) throws IOException {
    UserPrincipal known = users.get(id);
    if (known == null) {
      // a name that is only digits and names no user is read as the number itself
      known = lookup.lookupPrincipalByName(Long.toString(id));
      users.put(id, known);
    }
    return known;
  }

  private GroupPrincipal group(long id) throws IOException {
    GroupPrincipal known = groups.get(id);
    if (known == null) {
      known = lookup.lookupPrincipalByGroupName(Long.toString(id));
      groups.put(id, known);
    }
    return known;
  }

  private static boolean runningAsRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }
}
