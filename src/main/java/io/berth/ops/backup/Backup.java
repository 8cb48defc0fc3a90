package io.berth.ops.backup;

import java.nio.file.Path;

/** A backup in the local target: its id (the directory's name), where it is and its manifest. */
public record Backup(String id, Path path, Manifest manifest) {}
