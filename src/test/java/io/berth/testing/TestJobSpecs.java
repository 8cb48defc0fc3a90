package io.berth.testing;

import io.berth.runtime.JobKey;
import io.berth.runtime.JobSpec;
import io.berth.runtime.MountSpec;
import io.berth.runtime.ResourceSpec;
import java.util.List;
import java.util.Map;

/**
 * Job specs for tests, named by what a test varies: {@code TestJobSpecs.of(key, image)} is the
 * image with nothing else (small limits, working directory {@code /}, no owner, network access),
 * and each setter changes one field; {@link #from} starts from another spec. A field added to
 * {@link JobSpec} breaks none of the tests.
 */
public final class TestJobSpecs {
  private final JobKey key;
  private String image;
  private List<String> command = List.of();
  private List<String> args = List.of();
  private Map<String, String> env = Map.of();
  private ResourceSpec resources = new ResourceSpec(100, 500, 32, 64, 0);
  private List<MountSpec> mounts = List.of();
  private String workingDir = "/";
  private Integer runAsUser;
  private String owner;
  private boolean networkAccess = true;

  private TestJobSpecs(JobKey key, String image) {
    this.key = key;
    this.image = image;
  }

  public static TestJobSpecs of(JobKey key, String image) {
    return new TestJobSpecs(key, image);
  }

  /** The same job as {@code spec}, for a test that changes one of its fields. */
  public static TestJobSpecs from(JobSpec spec) {
    TestJobSpecs copy = new TestJobSpecs(spec.key(), spec.image());
    copy.command = spec.command();
    copy.args = spec.args();
    copy.env = spec.env();
    copy.resources = spec.resources();
    copy.mounts = spec.mounts();
    copy.workingDir = spec.workingDir();
    copy.runAsUser = spec.runAsUser();
    copy.owner = spec.owner();
    copy.networkAccess = spec.networkAccess();
    return copy;
  }

  public TestJobSpecs image(String image) {
    this.image = image;
    return this;
  }

  public TestJobSpecs command(List<String> command) {
    this.command = command;
    return this;
  }

  public TestJobSpecs args(List<String> args) {
    this.args = args;
    return this;
  }

  public TestJobSpecs env(Map<String, String> env) {
    this.env = env;
    return this;
  }

  public TestJobSpecs resources(ResourceSpec resources) {
    this.resources = resources;
    return this;
  }

  public TestJobSpecs mounts(List<MountSpec> mounts) {
    this.mounts = mounts;
    return this;
  }

  public TestJobSpecs workingDir(String workingDir) {
    this.workingDir = workingDir;
    return this;
  }

  public TestJobSpecs runAsUser(Integer user) {
    this.runAsUser = user;
    return this;
  }

  public TestJobSpecs owner(String owner) {
    this.owner = owner;
    return this;
  }

  /** Without it the job has loopback only. */
  public TestJobSpecs networkAccess(boolean networkAccess) {
    this.networkAccess = networkAccess;
    return this;
  }

  public JobSpec build() {
    return new JobSpec(
        key,
        image,
        command,
        args,
        env,
        resources,
        mounts,
        workingDir,
        runAsUser,
        owner,
        networkAccess);
  }
}
