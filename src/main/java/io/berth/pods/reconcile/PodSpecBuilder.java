package io.berth.pods.reconcile;

import io.berth.pods.Pod;
import io.berth.pods.PodCredentials;
import io.berth.runtime.MountSpec;
import io.berth.runtime.PodKey;
import io.berth.runtime.PodSpec;
import io.berth.runtime.PortSpec;
import io.berth.runtime.ReadinessSpec;
import io.berth.runtime.ResourceSpec;
import io.berth.runtime.StorageNames;
import io.berth.templates.Networking;
import io.berth.templates.Placeholders;
import io.berth.templates.Resources;
import io.berth.templates.Template;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The container a pod should have, as a pure function of the pod, its template, its credentials and
 * the storage its mounts name now. Values naming the credentials or the pod's placeholders (the
 * template's and the pod's own) are expanded here, in memory only.
 */
public final class PodSpecBuilder {
  private PodSpecBuilder() {}

  /**
   * @param mountStorage the storage id each of the pod's volume_mounts resolves to at this start
   * @param hosts the host name of each http entry (see {@link io.berth.pods.PodUrls#httpHosts})
   */
  public static PodSpec desired(
      Pod pod,
      Template template,
      PodCredentials credentials,
      Map<String, String> mountStorage,
      Map<String, String> hosts) {
    Integer readinessPort = readinessPort(pod, template);
    Map<String, String> env = new LinkedHashMap<>();
    List<String> command = pod.definition().command();
    if (template != null) {
      template.environment().forEach((k, v) -> env.put(k, expand(v, credentials)));
      if (command.isEmpty()) {
        command = template.command();
      }
    }
    command = command.stream().map(c -> expand(c, credentials)).toList();
    pod.definition().environmentVariables().forEach((k, v) -> env.put(k, expand(v, credentials)));
    List<PortSpec> ports = new ArrayList<>();
    pod.definition()
        .networking()
        .forEach((key, n) -> ports.add(new PortSpec(key, n.port(), hosts.get(key))));
    Resources r = pod.definition().resources();
    List<MountSpec> mounts = new ArrayList<>();
    pod.definition()
        .volumeMounts()
        .forEach((id, m) -> {
          String storageId = mountStorage.get(id);
          if (storageId == null) {
            throw new IllegalArgumentException("volume_mounts." + id + " was not resolved");
          }
          mounts.add(new MountSpec(storageId, m.subPath(), m.mountPath(), m.readOnly()));
        });
    if (template != null) {
      for (int i = 0; i < template.dataPaths().size(); i++) {
        String path = template.dataPaths().get(i);
        // a volume the owner mounted there explicitly (kept data of an earlier pod) replaces the
        // fresh storage of this pod's life
        if (!mountedByVolume(pod, path)) {
          mounts.add(
              new MountSpec(StorageNames.podData(pod.tenant(), pod.uid(), i), "", path, false));
        }
      }
    }
    return new PodSpec(
        new PodKey(pod.tenant(), pod.podId()),
        pod.generation(),
        pod.definition().image(),
        command,
        env,
        ports,
        new ResourceSpec(r.cpuRequest(), r.cpuLimit(), r.memRequest(), r.memLimit(), r.gpus()),
        mounts,
        template == null ? java.util.Set.of() : new LinkedHashSet<>(template.capabilities()),
        template == null ? null : template.runAsUser(),
        false,
        readinessPort == null ? null : new ReadinessSpec(readinessPort, readinessPath(template)),
        pod.definition().arguments().stream().map(a -> expand(a, credentials)).toList(),
        pod.createdBy());
  }

  /** The HTTP path whose answer means ready, when the template probes over HTTP. */
  public static String readinessPath(Template template) {
    return template != null && "http".equals(template.readiness().type())
        ? template.readiness().path()
        : null;
  }

  /** Whether one of the pod's volume_mounts puts something at {@code path}. */
  static boolean mountedByVolume(Pod pod, String path) {
    String wanted = trimmed(path);
    return pod.definition().volumeMounts().values().stream()
        .anyMatch(m -> trimmed(m.mountPath()).equals(wanted));
  }

  private static String trimmed(String path) {
    String p = path == null ? "" : path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  /** The container port whose answer means the pod is ready. */
  public static Integer readinessPort(Pod pod, Template template) {
    if (template != null && template.readiness().port() != null) {
      return template.readiness().port();
    }
    Networking main = pod.definition().networking().get("default");
    if (main == null && !pod.definition().networking().isEmpty()) {
      main = pod.definition().networking().values().iterator().next();
    }
    return main == null ? null : main.port();
  }

  /** The credentials and the pod's placeholder values in place of their names, in memory only. */
  static String expand(String value, PodCredentials credentials) {
    if (value == null || !value.contains("${")) {
      return value;
    }
    return Placeholders.expand(value, credentials.placeholders())
        .replace("${user_username}", credentials.userUsername())
        .replace("${user_password}", credentials.userPassword())
        .replace("${admin_username}", credentials.adminUsername())
        .replace("${admin_password}", credentials.adminPassword());
  }
}
