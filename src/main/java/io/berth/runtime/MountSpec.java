package io.berth.runtime;

public record MountSpec(String storageId, String subPath, String mountPath, boolean readOnly) {}
