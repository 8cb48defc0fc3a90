package io.berth.testing;

import io.berth.pods.DefinitionChange;
import io.berth.pods.PodSource;
import io.berth.templates.Resources;
import java.util.List;

/**
 * Definition changes for tests, named by what a test changes: {@code DefinitionChanges.none()}
 * keeps every field; each setter gives one.
 */
public final class DefinitionChanges {
  private PodSource source;
  private String description;
  private List<String> command;
  private List<String> arguments;
  private java.util.Map<String, String> environment;
  private Resources resources;
  private Integer timeToStopDefault;
  private Integer timeToStopInstance;
  private Boolean wakeOnConnect;

  private DefinitionChanges() {}

  public static DefinitionChanges none() {
    return new DefinitionChanges();
  }

  public DefinitionChanges source(PodSource source) {
    this.source = source;
    return this;
  }

  public DefinitionChanges description(String description) {
    this.description = description;
    return this;
  }

  public DefinitionChanges command(List<String> command) {
    this.command = command;
    return this;
  }

  public DefinitionChanges arguments(List<String> arguments) {
    this.arguments = arguments;
    return this;
  }

  public DefinitionChanges environment(java.util.Map<String, String> environment) {
    this.environment = environment;
    return this;
  }

  public DefinitionChanges resources(Resources resources) {
    this.resources = resources;
    return this;
  }

  public DefinitionChanges timeToStopDefault(Integer seconds) {
    this.timeToStopDefault = seconds;
    return this;
  }

  public DefinitionChanges timeToStopInstance(Integer seconds) {
    this.timeToStopInstance = seconds;
    return this;
  }

  public DefinitionChanges wakeOnConnect(Boolean wakes) {
    this.wakeOnConnect = wakes;
    return this;
  }

  public DefinitionChange build() {
    return new DefinitionChange(
        source,
        description,
        command,
        arguments,
        environment,
        null,
        resources,
        null,
        timeToStopDefault,
        timeToStopInstance,
        null,
        null,
        wakeOnConnect);
  }
}
