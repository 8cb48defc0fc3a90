package io.berth.runtime;

/** A container's output being followed; closing it stops reading. */
public interface OutputFollower extends AutoCloseable {
  @Override
  void close();
}
