package io.berth.runtime.storage;

import java.time.Instant;

/**
 * A storage found where storages are kept, whole or half made, and the last time any part of it was
 * made or changed: what a sweep of storages nothing refers to needs to leave young ones alone.
 */
public record ExistingStorage(String storageId, Instant lastChanged) {}
