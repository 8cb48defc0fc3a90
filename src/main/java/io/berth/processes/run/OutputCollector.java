package io.berth.processes.run;

import io.berth.processes.catalog.ExecutionUnit.OutputBinding;
import io.berth.processes.catalog.OutputDescription;
import io.berth.processes.catalog.ProcessesProperties;
import io.berth.processes.catalog.Schemas;
import io.berth.processes.jobs.Job;
import io.berth.processes.jobs.JobResult;
import io.berth.runtime.storage.FileEntry;
import io.berth.runtime.storage.StoragePathException;
import io.berth.runtime.storage.VolumeStorage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

/**
 * Finds a finished job's outputs in its volume: each output's file under {@code outputs/} (its
 * glob's first match, in path order; a directory for Directory outputs), or its saved standard
 * output. Literal outputs are read into the results (a string without its last line break; other
 * JSON types parsed); files stay where they are and are referred to. A missing output fails the
 * job, naming it. A glob that is a plain path is opened directly (the storage walks it without
 * following links and opens regular files only), so the usual one-file output costs no listing.
 */
@Component
public class OutputCollector {
  static final int MAX_LITERAL = 1024 * 1024;

  private final VolumeStorage storage;
  private final JsonMapper json;
  private final ProcessesProperties properties;

  public OutputCollector(VolumeStorage storage, JsonMapper json, ProcessesProperties properties) {
    this.storage = storage;
    this.json = json;
    this.properties = properties;
  }

  /** Thrown when an output is missing or not what its schema says. */
  public static final class OutputProblem extends RuntimeException {
    OutputProblem(String message) {
      super(message, null, false, false);
    }
  }

  public Map<String, JobResult> collect(Job job, String storageId, Supplier<byte[]> stdout) {
    Map<String, OutputBinding> bindings = job.process().unit().outputs();
    Map<String, JobResult> results = new LinkedHashMap<>();
    List<FileEntry> files = null;
    for (Map.Entry<String, OutputDescription> e :
        job.process().description().outputs().entrySet()) {
      String id = e.getKey();
      OutputBinding binding = bindings.getOrDefault(id, new OutputBinding(id, false, false));
      String mediaType = Schemas.mediaType(e.getValue().schema());
      if (binding.stdout()) {
        byte[] bytes = stdout.get();
        if (bytes.length > properties.maxStdoutBytes()) {
          throw new OutputProblem(
              "output "
                  + id
                  + ": standard output is larger than "
                  + properties.maxStdoutBytes()
                  + " bytes");
        }
        String path = JobWorkspace.OUTPUTS + "/" + binding.glob();
        storage.store(
            storageId,
            path,
            (target, room) -> {
              room.claim(bytes.length);
              return write(bytes, target);
            },
            claimed -> {});
        results.put(
            id,
            result(e.getValue(), path, mediaType, bytes.length, new ByteArrayInputStream(bytes)));
        continue;
      }
      JobResult found;
      if (plain(binding.glob()) && !Schemas.directory(e.getValue().schema())) {
        found = open(id, e.getValue(), mediaType, storageId, binding.glob());
      } else {
        if (files == null) {
          files = storage.list(storageId);
        }
        found = find(id, binding, e.getValue(), mediaType, storageId, files);
      }
      if (found != null) {
        results.put(id, found);
      } else if (!binding.optional()) {
        throw new OutputProblem(
            "output " + id + ": no file matches '" + binding.glob() + "' under /outputs");
      }
    }
    return results;
  }

  private JobResult find(
      String id,
      OutputBinding binding,
      OutputDescription output,
      String mediaType,
      String storageId,
      List<FileEntry> files) {
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + binding.glob());
    String prefix = JobWorkspace.OUTPUTS + "/";
    List<FileEntry> under =
        files.stream()
            .filter(f -> f.path().startsWith(prefix))
            .sorted(Comparator.comparing(FileEntry::path))
            .toList();
    if (Schemas.directory(output.schema())) {
      for (FileEntry f : under) {
        Path relative = Path.of(f.path().substring(prefix.length()));
        for (Path dir = relative.getParent(); dir != null; dir = dir.getParent()) {
          if (matcher.matches(dir)) {
            String path = prefix + dir;
            long size =
                under.stream()
                    .filter(g -> g.path().startsWith(path + "/"))
                    .mapToLong(FileEntry::size)
                    .sum();
            return new JobResult(path, "inode/directory", size, null, true);
          }
        }
      }
      return null;
    }
    for (FileEntry f : under) {
      if (matcher.matches(Path.of(f.path().substring(prefix.length())))) {
        try (InputStream in = storage.read(storageId, f.path()).open()) {
          return result(output, f.path(), mediaType, f.size(), in);
        } catch (IOException | StoragePathException e) {
          throw new OutputProblem(
              "output " + id + ": " + f.path() + " could not be read: " + e.getMessage());
        }
      }
    }
    return null;
  }

  /** A glob with no pattern characters matches the one path it names. */
  static boolean plain(String glob) {
    return glob.chars().noneMatch(c -> "*?[]{}\\".indexOf(c) >= 0);
  }

  /**
   * The regular file at {@code outputs/<path>}, or null as a listing would have it: nothing there,
   * or a link, a special file or a directory (which a listing of regular files leaves out).
   */
  private JobResult open(
      String id, OutputDescription output, String mediaType, String storageId, String path) {
    String full = JobWorkspace.OUTPUTS + "/" + path;
    VolumeStorage.StoredFile file;
    try {
      file = storage.read(storageId, full);
    } catch (StoragePathException notARegularFile) {
      return null;
    }
    try (InputStream in = file.open()) {
      return result(output, full, mediaType, file.size(), in);
    } catch (IOException e) {
      throw new OutputProblem(
          "output " + id + ": " + full + " could not be read: " + e.getMessage());
    }
  }

  private JobResult result(
      OutputDescription output, String path, String mediaType, long size, InputStream in) {
    if (!Schemas.literal(output.schema())) {
      return new JobResult(path, mediaType, size, null, false);
    }
    if (size > MAX_LITERAL) {
      throw new OutputProblem(
          path + " is larger than " + MAX_LITERAL + " bytes for a literal output");
    }
    String text;
    try {
      text = new String(in.readNBytes(MAX_LITERAL + 1), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new OutputProblem(path + " could not be read: " + e.getMessage());
    }
    String type = Schemas.type(output.schema());
    JsonNode value;
    if (type == null || type.equals("string")) {
      value = StringNode.valueOf(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
    } else {
      try {
        value = json.readTree(text);
      } catch (JacksonException e) {
        throw new OutputProblem(path + " is not valid JSON for a " + type + " output");
      }
    }
    return new JobResult(path, mediaType, size, value, false);
  }

  private static long write(byte[] bytes, Path target) throws IOException {
    Files.write(target, bytes);
    return bytes.length;
  }
}
