package io.berth.volumes;

import io.berth.runtime.storage.VolumeStorage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.stereotype.Component;

/**
 * One budget per storage, shared by the uploads running into it: the use measured when the first of
 * them started, plus what those since finished stored, plus what the running ones have claimed must
 * stay within the limit. An upload that declares its length claims it at once, so of eight parallel
 * 4 MB uploads into a 10 MB volume the third and later are refused before their bodies are read.
 * (Pods' own writes are bound by the volume's filesystem, not here.)
 */
@Component
class UploadBudgets {
  private final Map<String, Ledger> ledgers = new ConcurrentHashMap<>();

  /** What the uploads running into one storage account for. */
  private static final class Ledger {
    long measured;
    long landed;
    long claimed;
    int running;
  }

  /**
   * Opens an upload's share of the budget of {@code storageId}; {@code declared} bytes (0 when
   * unknown) are claimed at once. Close it when the upload ends, after {@link Budget#landed}.
   */
  Budget open(String storageId, long limitBytes, long declared, LongSupplier usage) {
    Ledger ledger =
        ledgers.compute(
            storageId,
            (id, existing) -> {
              Ledger l = existing != null ? existing : new Ledger();
              if (l.running == 0) {
                l.measured = usage.getAsLong();
                l.landed = 0;
              }
              l.running++;
              return l;
            });
    Budget budget = new Budget(storageId, ledger, limitBytes);
    try {
      budget.claim(declared);
    } catch (RuntimeException e) {
      budget.close();
      throw e;
    }
    return budget;
  }

  /** One upload's share: the room it claimed so far. */
  final class Budget implements VolumeStorage.Room, AutoCloseable {
    private final String storageId;
    private final Ledger ledger;
    private final long limit;
    private long mine;
    private boolean closed;

    private Budget(String storageId, Ledger ledger, long limit) {
      this.storageId = storageId;
      this.ledger = ledger;
      this.limit = limit;
    }

    @Override
    public void claim(long bytes) {
      synchronized (ledger) {
        long more = bytes - mine;
        if (more <= 0) {
          return;
        }
        if (ledger.measured + ledger.landed + ledger.claimed + more > limit) {
          throw new VolumeStorage.Upload.TooLarge();
        }
        ledger.claimed += more;
        mine = bytes;
      }
    }

    /** The upload was stored with {@code bytes}: they count until the next measurement. */
    void landed(long bytes) {
      synchronized (ledger) {
        ledger.landed += bytes;
      }
    }

    @Override
    public void close() {
      synchronized (ledger) {
        if (closed) {
          return;
        }
        closed = true;
        ledger.claimed -= mine;
        mine = 0;
      }
      ledgers.compute(
          storageId,
          (id, l) -> {
            if (l == null) {
              return null;
            }
            l.running--;
            return l.running == 0 ? null : l;
          });
    }
  }
}
