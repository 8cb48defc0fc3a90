package io.berth.testing;

import io.berth.runtime.MountSpec;
import io.berth.runtime.PodKey;
import io.berth.runtime.PodSpec;
import io.berth.runtime.PortSpec;
import io.berth.runtime.ReadinessSpec;
import io.berth.runtime.ResourceSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pod specs for tests, named by what a test varies: {@code TestPodSpecs.of(key, image)} is the
 * image with nothing else (generation 1, small limits, no ports, mounts, capabilities, readiness or
 * owner), and each setter changes one field; {@link #from} starts from another spec. A field added
 * to {@link PodSpec} breaks none of the tests.
 */
public final class TestPodSpecs {
  private final PodKey key;
  private long generation = 1;
  private String image;
  private List<String> command = List.of();
  private Map<String, String> env = Map.of();
  private List<PortSpec> ports = List.of();
  private ResourceSpec resources = new ResourceSpec(100, 500, 32, 64, 0);
  private List<MountSpec> mounts = List.of();
  private Set<String> addedCapabilities = Set.of();
  private Integer runAsUser;
  private boolean readOnlyRootFs;
  private ReadinessSpec readiness;
  private List<String> arguments = List.of();
  private String owner;

  private TestPodSpecs(PodKey key, String image) {
    this.key = key;
    this.image = image;
  }

  public static TestPodSpecs of(PodKey key, String image) {
    return new TestPodSpecs(key, image);
  }

  /** The same pod as {@code spec}, for a test that changes one of its fields. */
  public static TestPodSpecs from(PodSpec spec) {
    TestPodSpecs copy = new TestPodSpecs(spec.key(), spec.image());
    copy.generation = spec.generation();
    copy.command = spec.command();
    copy.env = spec.env();
    copy.ports = spec.ports();
    copy.resources = spec.resources();
    copy.mounts = spec.mounts();
    copy.addedCapabilities = spec.addedCapabilities();
    copy.runAsUser = spec.runAsUser();
    copy.readOnlyRootFs = spec.readOnlyRootFs();
    copy.readiness = spec.readiness();
    copy.arguments = spec.arguments();
    copy.owner = spec.owner();
    return copy;
  }

  public TestPodSpecs generation(long generation) {
    this.generation = generation;
    return this;
  }

  public TestPodSpecs image(String image) {
    this.image = image;
    return this;
  }

  public TestPodSpecs command(List<String> command) {
    this.command = command;
    return this;
  }

  public TestPodSpecs env(Map<String, String> env) {
    this.env = env;
    return this;
  }

  public TestPodSpecs ports(PortSpec... ports) {
    this.ports = List.of(ports);
    return this;
  }

  public TestPodSpecs ports(List<PortSpec> ports) {
    this.ports = ports;
    return this;
  }

  public TestPodSpecs resources(ResourceSpec resources) {
    this.resources = resources;
    return this;
  }

  public TestPodSpecs mounts(List<MountSpec> mounts) {
    this.mounts = mounts;
    return this;
  }

  public TestPodSpecs addedCapabilities(String... capabilities) {
    this.addedCapabilities = Set.of(capabilities);
    return this;
  }

  public TestPodSpecs runAsUser(Integer user) {
    this.runAsUser = user;
    return this;
  }

  public TestPodSpecs readiness(ReadinessSpec readiness) {
    this.readiness = readiness;
    return this;
  }

  public TestPodSpecs arguments(List<String> arguments) {
    this.arguments = arguments;
    return this;
  }

  public TestPodSpecs owner(String owner) {
    this.owner = owner;
    return this;
  }

  public PodSpec build() {
    return new PodSpec(
        key,
        generation,
        image,
        command,
        env,
        ports,
        resources,
        mounts,
        addedCapabilities,
        runAsUser,
        readOnlyRootFs,
        readiness,
        arguments,
        owner);
  }
}
