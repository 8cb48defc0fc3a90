package io.berth.processes.run;

import io.berth.auth.Caller;
import io.berth.permissions.PermissionLevel;
import io.berth.processes.catalog.InputDescription;
import io.berth.processes.catalog.OgcException;
import io.berth.processes.catalog.ProcessesProperties;
import io.berth.processes.jobs.InputValue;
import io.berth.processes.jobs.Job;
import io.berth.processes.jobs.VolumeReference;
import io.berth.processes.packages.UrlFetcher;
import io.berth.runtime.storage.StoragePathException;
import io.berth.runtime.storage.VolumeStorage;
import io.berth.volumes.NewVolume;
import io.berth.volumes.Volume;
import io.berth.volumes.VolumeService;
import io.berth.web.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * A job's files: its output volume (a volume of its owner's, browsable through the volume API)
 * holds {@code inputs/} (mounted read-only at /inputs) and {@code outputs/} (read-write at
 * /outputs). Inputs are written there before the container starts: values as text, JSON or decoded
 * bytes; references to Berth volumes copied, allowed URLs fetched. An input that may occur more
 * than once is a directory of numbered files. Everything is done as the job's owner, so a revoked
 * permission or a full quota fails the job.
 */
@Component
public class JobWorkspace {
  static final String INPUTS = "inputs";
  static final String OUTPUTS = "outputs";

  private final VolumeService volumes;
  private final VolumeStorage storage;
  private final UrlFetcher fetcher;
  private final ProcessesProperties properties;
  private final JobTimings timings;

  public JobWorkspace(
      VolumeService volumes,
      VolumeStorage storage,
      UrlFetcher fetcher,
      ProcessesProperties properties,
      JobTimings timings) {
    this.volumes = volumes;
    this.storage = storage;
    this.fetcher = fetcher;
    this.properties = properties;
    this.timings = timings;
  }

  /** Makes the output volume (or finds the one an earlier attempt made) and writes the inputs. */
  public String prepare(Job job) {
    Caller owner = owner(job);
    long creating = System.nanoTime();
    try {
      volumes.create(
          owner,
          new NewVolume(
              job.outputVolume(),
              "Inputs and outputs of job " + job.jobId() + " (process " + job.processId() + ")",
              properties.outputSizeLimitMb()));
    } catch (ApiException e) {
      if (e.status() != HttpStatus.CONFLICT) {
        throw new OgcException(e.status(), OgcException.NO_APPLICABLE_CODE, e.getMessage());
      }
      // made by an earlier attempt of this job: it must be the owner's
    }
    String storageId = volume(owner, job.outputVolume(), PermissionLevel.USER).storageId();
    timings.since(job.jobId(), JobTimings.Phase.VOLUME, creating);
    long writing = System.nanoTime();
    for (Map.Entry<String, List<InputValue>> e : job.request().inputs().entrySet()) {
      InputDescription description = job.process().description().inputs().get(e.getKey());
      List<InputValue> values = e.getValue();
      for (int i = 0; i < values.size(); i++) {
        String path = inputPath(e.getKey(), description, i);
        write(owner, storageId, path, values.get(i), "inputs." + e.getKey());
      }
    }
    timings.since(job.jobId(), JobTimings.Phase.INPUTS, writing);
    return storageId;
  }

  /** The output volume's storage id; the volume must still be there. */
  public String storageId(Job job) {
    return volume(owner(job), job.outputVolume(), PermissionLevel.READ).storageId();
  }

  /**
   * Deletes a dismissed job's volume; one a pod mounts is kept (and said so): returns the reason it
   * was kept, or null.
   */
  public String delete(Job job) {
    try {
      volumes.delete(owner(job), job.outputVolume());
      return null;
    } catch (ApiException e) {
      if (e.status() == HttpStatus.NOT_FOUND) {
        return null;
      }
      return "its output volume " + job.outputVolume() + " was kept: " + e.getMessage();
    }
  }

  /** Where occurrence {@code n} of an input lives in the volume ({@code /inputs/...} inside). */
  static String inputPath(String inputId, InputDescription description, int n) {
    return description != null && description.repeatable()
        ? INPUTS + "/" + inputId + "/" + n
        : INPUTS + "/" + inputId;
  }

  private void write(Caller owner, String storageId, String path, InputValue value, String at) {
    if (value.reference()) {
      VolumeReference ref = VolumeReference.parse(value.href());
      if (ref != null) {
        copyFromVolume(owner, ref, storageId, path, at);
        return;
      }
      try (InputStream in = fetcher.open(value.href(), at + ".href")) {
        store(storageId, path, in, at);
      } catch (IOException e) {
        throw OgcException.invalid(at + ": reading " + value.href() + " failed: " + e.getMessage());
      }
      return;
    }
    byte[] bytes =
        value.base64()
            ? Base64.getMimeDecoder().decode(value.value().asString())
            : value.value().isString()
                ? value.value().asString().getBytes(StandardCharsets.UTF_8)
                : value.value().toString().getBytes(StandardCharsets.UTF_8);
    store(storageId, path, new java.io.ByteArrayInputStream(bytes), at);
  }

  private void store(String storageId, String path, InputStream in, String at) {
    try {
      long max = properties.maxInputBytes();
      VolumeStorage.Room room =
          bytes -> {
            if (bytes > max) {
              throw new VolumeStorage.Upload.TooLarge();
            }
          };
      storage.store(storageId, path, (target, claims) -> copy(in, target, claims), room);
    } catch (VolumeStorage.Upload.TooLarge e) {
      throw OgcException.invalid(at + " is larger than " + properties.maxInputBytes() + " bytes.");
    }
  }

  /** A file is streamed to the input's path; a directory's content is copied under it. */
  private void copyFromVolume(
      Caller owner, VolumeReference ref, String storageId, String path, String at) {
    Volume source = volume(owner, ref.volumeId(), PermissionLevel.READ);
    VolumeStorage.StoredFile file = null;
    try {
      file = storage.read(source.storageId(), ref.path());
    } catch (StoragePathException notAFile) {
      // a directory, or nothing: the copy tells
    }
    if (file != null) {
      try (InputStream in = file.open()) {
        store(storageId, path, in, at);
      } catch (IOException e) {
        throw OgcException.invalid(at + ": reading " + ref + " failed: " + e.getMessage());
      }
      return;
    }
    try {
      storage.copy(source.storageId(), ref.path(), storageId, path);
    } catch (StoragePathException e) {
      throw OgcException.invalid(at + ": " + e.getMessage() + " in volume " + ref.volumeId() + ".");
    }
  }

  private static long copy(InputStream in, Path target, VolumeStorage.Room room)
      throws IOException {
    long total = 0;
    byte[] buffer = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(target)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        total += n;
        room.claim(total);
        out.write(buffer, 0, n);
      }
    }
    return total;
  }

  private Volume volume(Caller owner, String volumeId, PermissionLevel level) {
    try {
      return volumes.require(owner, volumeId, level);
    } catch (ApiException e) {
      throw OgcException.invalid("volume " + volumeId + ": " + e.getMessage());
    }
  }

  private static Caller owner(Job job) {
    return new Caller(job.tenant(), job.owner(), Set.of());
  }
}
