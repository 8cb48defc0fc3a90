package io.berth.runtime.storage;

import java.time.Instant;

/**
 * One file of a volume or snapshot as storage reports it: its path relative to the root, bytes,
 * last change and permission bits as {@code ls} shows them ({@code rw-r--r--}).
 */
public record FileEntry(String path, long size, Instant modificationTime, String permissions) {}
