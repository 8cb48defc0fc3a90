package io.berth.testing;

import io.berth.pods.PodDefinition;
import io.berth.pods.VolumeMount;
import io.berth.templates.Networking;
import io.berth.templates.Resources;
import java.util.List;
import java.util.Map;

/**
 * Pod definitions for tests, named by what a test varies: {@code PodDefinitions.of("img")} is the
 * image with nothing else (one unit of each resource, a 12-hour default stop, no idle stop), and
 * each {@code with}/setter changes one field. Spares tests the record's positional arguments.
 */
public final class PodDefinitions {
  private String template;
  private final String image;
  private String description = "";
  private List<String> command = List.of();
  private List<String> arguments = List.of();
  private Map<String, String> environment = Map.of();
  private Map<String, Networking> networking = Map.of();
  private Resources resources = new Resources(1, 1, 1, 1, 0);
  private Map<String, VolumeMount> mounts = Map.of();
  private int timeToStopDefault = 43200;
  private Integer timeToStopInstance;
  private String computeQueue;
  private int idleTimeout = -1;
  private boolean wakeOnConnect;

  private PodDefinitions(String image) {
    this.image = image;
  }

  public static PodDefinitions of(String image) {
    return new PodDefinitions(image);
  }

  /** The definition most reconciler tests start from: image {@code img} and nothing else. */
  public static PodDefinition plain() {
    return of("img").build();
  }

  public PodDefinitions template(String template) {
    this.template = template;
    return this;
  }

  public PodDefinitions description(String description) {
    this.description = description;
    return this;
  }

  public PodDefinitions command(String... command) {
    this.command = List.of(command);
    return this;
  }

  public PodDefinitions arguments(String... arguments) {
    this.arguments = List.of(arguments);
    return this;
  }

  public PodDefinitions environment(Map<String, String> environment) {
    this.environment = environment;
    return this;
  }

  public PodDefinitions networking(Map<String, Networking> networking) {
    this.networking = networking;
    return this;
  }

  public PodDefinitions resources(Resources resources) {
    this.resources = resources;
    return this;
  }

  public PodDefinitions mounts(Map<String, VolumeMount> mounts) {
    this.mounts = mounts;
    return this;
  }

  public PodDefinitions timeToStopDefault(int seconds) {
    this.timeToStopDefault = seconds;
    return this;
  }

  public PodDefinitions timeToStopInstance(Integer seconds) {
    this.timeToStopInstance = seconds;
    return this;
  }

  public PodDefinitions computeQueue(String queue) {
    this.computeQueue = queue;
    return this;
  }

  public PodDefinitions idleTimeout(int seconds) {
    this.idleTimeout = seconds;
    return this;
  }

  public PodDefinitions wakeOnConnect(boolean wakes) {
    this.wakeOnConnect = wakes;
    return this;
  }

  public PodDefinition build() {
    return new PodDefinition(
        template,
        image,
        description,
        command,
        arguments,
        environment,
        networking,
        resources,
        mounts,
        timeToStopDefault,
        timeToStopInstance,
        computeQueue,
        idleTimeout,
        wakeOnConnect);
  }
}
