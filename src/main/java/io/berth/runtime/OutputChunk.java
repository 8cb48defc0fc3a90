package io.berth.runtime;

/**
 * Output of a container not read before ({@code text}, a last line without its newline included),
 * where reading now stands, and how many bytes the engine sent to say it ({@code received}: the
 * cost, repeats and timestamps included).
 */
public record OutputChunk(String text, OutputCursor next, long received) {}
