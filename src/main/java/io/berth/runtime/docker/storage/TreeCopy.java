package io.berth.runtime.docker.storage;

import io.berth.runtime.storage.Paths;
import io.berth.runtime.storage.StorageFullException;
import io.berth.runtime.storage.StoragePathException;
import io.berth.runtime.storage.StoragePathException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/** Copies through tar (a tree) or a channel (a file), never following a link of the source. */
final class TreeCopy {
  private TreeCopy() {}

  static void tree(Dir source, Dir destination) {
    List<ProcessBuilder> pipeline =
        List.of(
            new ProcessBuilder(
                    "tar",
                    "-C",
                    source.procForChildren().toString(),
                    "--numeric-owner",
                    "-cf",
                    "-",
                    ".")
                .redirectError(ProcessBuilder.Redirect.PIPE),
            new ProcessBuilder(
                    "tar",
                    "-C",
                    destination.procForChildren().toString(),
                    "--numeric-owner",
                    "-xpf",
                    "-")
                .redirectErrorStream(true));
    try {
      List<Process> processes = ProcessBuilder.startPipeline(pipeline);
      processes.get(0).getOutputStream().close();
      String errors;
      try (InputStream err = processes.get(0).getErrorStream();
          InputStream out = processes.get(1).getInputStream()) {
        errors = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        errors += new String(err.readAllBytes(), StandardCharsets.UTF_8);
      }
      int created = Commands.exit(processes.get(0));
      int extracted = Commands.exit(processes.get(1));
      // tar -c answers 1 when a file changed while it was read: a pod writing; still a copy
      if (created > 1 || extracted != 0) {
        if (errors.contains("No space left")) {
          throw new StorageFullException();
        }
        if (errors.contains("File name too long")) {
          throw new StoragePathException(
              Reason.INVALID,
              "the tree holds a path longer than Linux allows ("
                  + Paths.MAX_PATH_BYTES
                  + " bytes), which cannot be copied");
        }
        String shown = errors.strip();
        shown = shown.length() > 500 ? shown.substring(0, 500) + "..." : shown;
        throw new UncheckedIOException(new IOException("copy failed: " + shown));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void file(Dir parent, String name, Dir destination) {
    try (Dir.OpenFile in = parent.openFile(name)) {
      Path target = destination.proc().resolve(name);
      try (FileChannel out =
          FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        for (long done = 0, size = in.channel().size(); done < size; ) {
          done += in.channel().transferTo(done, size - done, out);
        }
      }
      in.owner().apply(target, in.mode());
      Files.setLastModifiedTime(target, in.modified());
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new StoragePathException(Reason.CONFLICT, name + " already exists in the snapshot");
    } catch (IOException e) {
      throw StorageFullException.noSpace(e)
          ? new StorageFullException()
          : new UncheckedIOException(e);
    }
  }
}
