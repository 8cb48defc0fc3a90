package io.berth.volumes;

import java.time.Instant;
import java.util.Set;

/**
 * One kind of storage the orphaned-storage sweep looks after ({@code vol-}, {@code snap-}): which
 * of its storages rows still need. A feature whose rows refer to storage declares a bean of this
 * type; storage of that kind no row needs and unchanged within the grace is removed.
 */
public interface StorageReferences {

  /** The kind's storage ids start with this. */
  String prefix();

  /** The metric's {@code kind} label: {@code volume}, {@code snapshot}. */
  String kind();

  /**
   * The storage ids rows need as of {@code now}. Read after the storage was listed, so a row
   * recorded in between is among them.
   */
  Set<String> needed(Instant now);
}
