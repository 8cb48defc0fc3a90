package io.berth.runtime;

public record ResourceSpec(
    int cpuRequestMillis, int cpuLimitMillis, int memRequestMiB, int memLimitMiB, int gpus) {}
