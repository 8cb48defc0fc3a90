package io.berth.web;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.TransactionSystemException;

/**
 * Whether a failure comes from a full disk (ENOSPC, or a quota: EDQUOT) anywhere in its causes: the
 * JDK reports them as IOExceptions with the system's message, H2 wraps them in its own exceptions,
 * PostgreSQL answers SQLSTATE 53100. Such a failure is the server's lack of room, answered 507
 * Insufficient Storage, never a client's mistake (400) or an internal error (500).
 */
public final class StorageFull {
  private static final String[] MESSAGES = {"No space left on device", "Disk quota exceeded"};
  private static final String POSTGRES_DISK_FULL = "53100";

  private StorageFull() {}

  public static boolean causes(Throwable failure) {
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof SQLException sql && POSTGRES_DISK_FULL.equals(sql.getSQLState())) {
        return true;
      }
      // a full disk often closes the connection too, so the rollback after the failed statement
      // fails as well, and Spring reports that, keeping the statement's failure aside
      if (t instanceof TransactionSystemException rollback
          && rollback.getApplicationException() != null
          && causes(rollback.getApplicationException())) {
        return true;
      }
      String message = t.getMessage();
      if (message != null) {
        for (String full : MESSAGES) {
          if (message.contains(full)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The refusal the API answers with, naming what ran out. */
  public static ApiException refusal(String what) {
    return new ApiException(
        HttpStatus.INSUFFICIENT_STORAGE,
        what
            + ": the disk Berth stores it on is full. Nothing was stored; try again once an"
            + " operator has freed space.");
  }
}
