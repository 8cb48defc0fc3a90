package io.berth.pods;

import io.berth.templates.Networking;
import io.berth.templates.NetworkingRules;
import io.berth.templates.Resources;
import io.berth.web.ApiException;
import io.berth.web.Descriptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The rules every pod field must keep. Each refusal names the field and the rule: 400 when the
 * value is malformed or the site does not allow it (400 either way, as Tapis answers).
 */
@Component
public class PodRules {
  public static final Pattern POD_ID = Pattern.compile("^[a-z][a-z0-9]{2,63}$");
  static final Set<String> RESERVED_IDS =
      Set.of(
          "volumes",
          "snapshots",
          "templates",
          "images",
          "healthcheck",
          "traefik",
          "permissions",
          "quotas",
          "credentials",
          "logs",
          "start",
          "stop",
          "restart",
          "status",
          "metrics",
          "docs",
          "admin",
          "api",
          "auth",
          "tenants",
          "oauth",
          "openapi",
          "proxy",
          "jobs",
          "backups",
          "default",
          "pods",
          "www",
          "berth",
          "system",
          "localhost");
  private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*$");
  private static final Pattern NETWORKING_KEY = Pattern.compile("^[a-z][a-z0-9]{0,19}$");
  private static final Pattern MOUNT_PATH = Pattern.compile("^/[A-Za-z0-9._/-]{0,254}$");
  private static final Set<String> SYSTEM_PATHS = Set.of("proc", "sys", "dev", "etc");
  private static final int MAX_NETWORKING = 3;
  private static final int MAX_COMMAND_ITEMS = 256;
  private static final int MAX_ENV = 256;
  private static final int MAX_VALUE_LENGTH = 32768;
  private static final int MIN_TIME_TO_STOP = 300;

  private final PodsProperties properties;
  private final LifetimeProperties lifetime;

  public PodRules(PodsProperties properties, LifetimeProperties lifetime) {
    this.properties = properties;
    this.lifetime = lifetime;
  }

  public String podId(String podId) {
    return podId(podId, "pod_id");
  }

  /** The id rule pods, volumes and snapshots share; {@code field} names it in refusals. */
  public String podId(String id, String field) {
    if (id == null) {
      throw ApiException.badRequest("Field " + field + " is required.");
    }
    if (!POD_ID.matcher(id).matches()) {
      throw ApiException.badRequest(
          "Field "
              + field
              + " must be 3 to 64 lowercase letters and digits starting with a letter"
              + " (^[a-z][a-z0-9]{2,63}$).");
    }
    if (RESERVED_IDS.contains(id)) {
      throw ApiException.badRequest("Field " + field + " '" + id + "' is a reserved word.");
    }
    return id;
  }

  /** Pods', volumes' and snapshots' descriptions: ASCII, at most 255 characters (Tapis's rule). */
  public String description(String description) {
    return Descriptions.check("description", description);
  }

  public List<String> command(List<Object> command) {
    return strings("command", command);
  }

  public List<String> arguments(List<Object> arguments) {
    return strings("arguments", arguments);
  }

  private static List<String> strings(String field, List<Object> command) {
    if (command == null) {
      return List.of();
    }
    if (command.size() > MAX_COMMAND_ITEMS) {
      throw ApiException.badRequest(
          "Field " + field + " may have at most " + MAX_COMMAND_ITEMS + " items.");
    }
    for (int i = 0; i < command.size(); i++) {
      if (!(command.get(i) instanceof String item)) {
        throw ApiException.badRequest("Field " + field + "[" + i + "] must be a string.");
      }
      if (item.length() > MAX_VALUE_LENGTH) {
        throw ApiException.badRequest(
            "Field " + field + "[" + i + "] must be at most " + MAX_VALUE_LENGTH + " characters.");
      }
    }
    return command.stream().map(String.class::cast).toList();
  }

  public Map<String, String> environment(Map<String, Object> variables) {
    if (variables == null) {
      return Map.of();
    }
    if (variables.size() > MAX_ENV) {
      throw ApiException.badRequest(
          "Field environment_variables may have at most " + MAX_ENV + " entries.");
    }
    Map<String, String> result = new LinkedHashMap<>();
    variables.forEach((name, value) -> {
      if (!ENV_NAME.matcher(name).matches()) {
        throw ApiException.badRequest(
            "Field environment_variables: name '" + name + "' must match [A-Za-z_][A-Za-z0-9_]*.");
      }
      if (!(value instanceof String text)) {
        throw ApiException.badRequest("Field environment_variables." + name + " must be a string.");
      }
      if (text.length() > MAX_VALUE_LENGTH) {
        throw ApiException.badRequest(
            "Field environment_variables."
                + name
                + " must be at most "
                + MAX_VALUE_LENGTH
                + " characters.");
      }
      result.put(name, text);
    });
    return result;
  }

  public Map<String, Networking> networking(Map<String, Networking> networking) {
    if (networking.size() > MAX_NETWORKING) {
      throw ApiException.badRequest(
          "Field networking may have at most " + MAX_NETWORKING + " entries.");
    }
    Map<String, Networking> result = new LinkedHashMap<>();
    networking.forEach((key, entry) -> {
      String field = "networking." + key;
      if (!NETWORKING_KEY.matcher(key).matches()) {
        throw ApiException.badRequest(
            "Field networking: key '" + key + "' must match ^[a-z][a-z0-9]{0,19}$.");
      }
      if (entry == null) {
        throw ApiException.badRequest("Field " + field + " must be an object.");
      }
      Networking n = entry.withDefaults();
      if (!Networking.PROTOCOLS.contains(n.protocol())) {
        throw ApiException.badRequest(
            "Field " + field + ".protocol must be one of " + Networking.PROTOCOLS + ".");
      }
      if (n.port() < 1 || n.port() > 65535) {
        throw ApiException.badRequest("Field " + field + ".port must be from 1 to 65535.");
      }
      if (n.tapisAuth() && !n.isHttp()) {
        throw ApiException.badRequest(
            "Field " + field + ".tapis_auth can only be on for http entries.");
      }
      for (String user : n.tapisAuthAllowedUsers()) {
        if (user == null || user.isBlank() || user.length() > 128) {
          throw ApiException.badRequest(
              "Field " + field + ".tapis_auth_allowed_users holds an empty or too long name.");
        }
      }
      AuthResponseHeaders.check(field, n.tapisAuthResponseHeaders());
      NetworkingRules.check(field, n);
      result.put(key, n);
    });
    return result;
  }

  public Resources resources(Resources requested) {
    return resources(requested, PodDefinition.DEFAULT_QUEUE);
  }

  /** The requested resources, completed and bounded by compute queue {@code queue}'s profile. */
  public Resources resources(Resources requested, String queue) {
    PodsProperties.ComputeQueue profile = properties.computeQueues().get(queue);
    Resources r =
        (requested == null ? new Resources(null, null, null, null, null) : requested)
            .withDefaultsFrom(profile.defaultResources());
    Resources max = profile.maxResources();
    positive("resources.cpu_request", r.cpuRequest());
    positive("resources.cpu_limit", r.cpuLimit());
    positive("resources.mem_request", r.memRequest());
    positive("resources.mem_limit", r.memLimit());
    if (r.gpus() < 0) {
      throw ApiException.badRequest("Field resources.gpus must not be negative.");
    }
    if (r.cpuRequest() > r.cpuLimit()) {
      throw ApiException.badRequest(
          "Field resources.cpu_request must not exceed resources.cpu_limit.");
    }
    if (r.memRequest() > r.memLimit()) {
      throw ApiException.badRequest(
          "Field resources.mem_request must not exceed resources.mem_limit.");
    }
    withinSite("resources.cpu_limit", r.cpuLimit(), max.cpuLimit(), "millicpus");
    withinSite("resources.cpu_request", r.cpuRequest(), max.cpuRequest(), "millicpus");
    withinSite("resources.mem_limit", r.memLimit(), max.memLimit(), "MiB");
    withinSite("resources.mem_request", r.memRequest(), max.memRequest(), "MiB");
    withinSite("resources.gpus", r.gpus(), max.gpus(), "GPUs");
    return r;
  }

  public int timeToStopDefault(Integer seconds) {
    if (seconds == null) {
      return properties.defaultTimeToStop();
    }
    return timeToStop("time_to_stop_default", seconds);
  }

  public Integer timeToStopInstance(Integer seconds) {
    return seconds == null ? null : timeToStop("time_to_stop_instance", seconds);
  }

  /**
   * The pod's idle timeout: what it asks for, else its template's, else the site's default; -1
   * (never) or positive seconds, within the site's maximum when there is one (400 beyond, as Tapis
   * answers refused values).
   */
  public int idleTimeout(Integer seconds, Integer templateDefault) {
    if (seconds == null) {
      return templateDefault != null ? bounded(templateDefault) : lifetime.idleTimeoutDefault();
    }
    if (seconds != -1 && seconds < 1) {
      throw ApiException.badRequest(
          "Field idle_timeout must be -1 (never) or a positive number of seconds.");
    }
    Integer max = lifetime.idleTimeoutMax();
    if (max != null && (seconds == -1 || seconds > max)) {
      throw ApiException.badRequest(
          "Field idle_timeout is "
              + (seconds == -1 ? "-1 (never)" : seconds + " s")
              + "; this site stops idle pods after at most "
              + max
              + " s.");
    }
    return seconds;
  }

  /** A template's default held to the site's maximum (the template cannot know the site). */
  private int bounded(int templateDefault) {
    Integer max = lifetime.idleTimeoutMax();
    return max != null && (templateDefault == -1 || templateDefault > max) ? max : templateDefault;
  }

  public Map<String, VolumeMount> volumeMounts(Map<String, VolumeMount> mounts) {
    if (mounts == null) {
      return Map.of();
    }
    Map<String, VolumeMount> result = new LinkedHashMap<>();
    mounts.forEach((id, mount) -> {
      String field = "volume_mounts." + id;
      if (!POD_ID.matcher(id).matches()) {
        throw ApiException.badRequest(
            "Field volume_mounts: key '" + id + "' must be a volume or snapshot id.");
      }
      if (mount == null) {
        throw ApiException.badRequest("Field " + field + " must be an object.");
      }
      if (!VolumeMount.VOLUME.equals(mount.type()) && !VolumeMount.SNAPSHOT.equals(mount.type())) {
        throw ApiException.badRequest(
            "Field " + field + ".type must be tapisvolume or tapissnapshot.");
      }
      mountPath(field + ".mount_path", mount.mountPath());
      String subPath = mount.subPath() == null ? "" : mount.subPath();
      if (subPath.startsWith("/") || subPath.contains("..") || subPath.length() > 255) {
        throw ApiException.badRequest(
            "Field " + field + ".sub_path must be a relative path inside the volume.");
      }
      result.put(id, new VolumeMount(mount.type(), mount.mountPath(), subPath));
    });
    return result;
  }

  /**
   * A mount path is absolute, normalized and outside what the container's own system lives in: a
   * volume over {@code /}, {@code /proc}, {@code /sys}, {@code /dev} or {@code /etc} would replace
   * the kernel's interfaces or the container's users and name resolution.
   */
  private static void mountPath(String field, String path) {
    if (path == null || !MOUNT_PATH.matcher(path).matches()) {
      throw ApiException.badRequest(
          "Field "
              + field
              + " must be an absolute path of letters, digits and . _ - / (at most 255).");
    }
    String trimmed =
        path.length() > 1 && path.endsWith("/")
            ? path.substring(1, path.length() - 1)
            : path.substring(1);
    if (trimmed.isEmpty()) {
      throw ApiException.badRequest(
          "Field " + field + " must not be /: a volume cannot replace the container's root.");
    }
    String[] segments = trimmed.split("/", -1);
    for (String segment : segments) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw ApiException.badRequest(
            "Field " + field + " must be a normalized path: no empty, '.' or '..' segments.");
      }
    }
    if (SYSTEM_PATHS.contains(segments[0])) {
      throw ApiException.badRequest(
          "Field "
              + field
              + " must not be /"
              + segments[0]
              + " or below it: /proc, /sys, /dev and /etc belong to the container's system.");
    }
  }

  /** A compute queue the site defines ({@code default} when none is named). */
  public String computeQueue(String queue) {
    if (queue == null || queue.isEmpty()) {
      return PodDefinition.DEFAULT_QUEUE;
    }
    if (!properties.computeQueues().containsKey(queue)) {
      throw ApiException.badRequest(
          "Field compute_queue must name one of this site's compute queues: "
              + String.join(", ", new java.util.TreeSet<>(properties.computeQueues().keySet()))
              + ".");
    }
    return queue;
  }

  /** The status an update asks for: ON, OFF or RESTART. */
  public StatusRequested statusRequested(String value) {
    return switch (value) {
      case "ON" -> StatusRequested.ON;
      case "OFF" -> StatusRequested.OFF;
      case "RESTART" -> StatusRequested.RESTART;
      default ->
          throw ApiException.badRequest("Field status_requested must be ON, OFF or RESTART.");
    };
  }

  public StatusRequested initialStatusRequested(String value) {
    if (value == null) {
      return StatusRequested.ON;
    }
    return switch (value) {
      case "ON" -> StatusRequested.ON;
      case "OFF" -> StatusRequested.OFF;
      default -> throw ApiException.badRequest("Field status_requested must be ON or OFF.");
    };
  }

  private int timeToStop(String field, int seconds) {
    if (seconds != -1 && seconds < MIN_TIME_TO_STOP) {
      throw ApiException.badRequest(
          "Field " + field + " must be -1 (never) or at least " + MIN_TIME_TO_STOP + " seconds.");
    }
    return seconds;
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw ApiException.badRequest("Field " + field + " must be positive.");
    }
  }

  private static void withinSite(String field, int value, int max, String unit) {
    if (value > max) {
      throw ApiException.badRequest(
          "Field "
              + field
              + " is "
              + value
              + " "
              + unit
              + "; this site allows at most "
              + max
              + ".");
    }
  }
}
