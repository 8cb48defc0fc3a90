package io.berth.runtime;

public record PortSpec(String name, int containerPort) {}
