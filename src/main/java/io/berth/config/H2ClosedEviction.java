package io.berth.config;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * Tells the pool to drop connections to an embedded H2 that closed itself. H2 closes the database
 * when a write fails (a full disk) and every pooled connection then answers "The database has been
 * closed" (90098) for ever; SQLSTATE 90098 is not one the pool knows as fatal. Dropped, they are
 * replaced by connections that open the file again, so Berth recovers once there is room, without a
 * restart.
 */
public class H2ClosedEviction implements SQLExceptionOverride {
  static final int DATABASE_IS_CLOSED = 90098;
  static final int DATABASE_CALLED_AT_SHUTDOWN = 90121;

  @java.lang.Override
  public Override adjudicate(SQLException e) {
    for (SQLException s = e; s != null; s = s.getNextException()) {
      if (s.getErrorCode() == DATABASE_IS_CLOSED
          || s.getErrorCode() == DATABASE_CALLED_AT_SHUTDOWN) {
        return Override.MUST_EVICT;
      }
    }
    return Override.CONTINUE_EVICT;
  }
}
