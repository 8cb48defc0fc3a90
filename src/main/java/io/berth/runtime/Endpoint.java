package io.berth.runtime;

public record Endpoint(String host, int port) {}
