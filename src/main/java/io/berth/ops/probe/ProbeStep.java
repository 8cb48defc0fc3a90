package io.berth.ops.probe;

/** One step of a probe run: its name, whether it passed, how long it took, and what it saw. */
public record ProbeStep(String name, boolean ok, long millis, String detail) {}
