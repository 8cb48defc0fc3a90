package io.berth.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.TransactionSystemException;

/** A full disk recognised however it is wrapped, and answered 507. */
class StorageFullTest {

  @Test
  void enospcAndQuotasAnywhereInTheCauses() {
    assertThat(StorageFull.causes(new IOException("No space left on device"))).isTrue();
    assertThat(
            StorageFull.causes(
                new UncheckedIOException(
                    "could not store a.bin",
                    new FileSystemException("/x/a.bin", null, "Disk quota exceeded"))))
        .isTrue();
    // H2 wraps the write failure in its own exceptions, text included
    assertThat(
            StorageFull.causes(
                new RuntimeException(
                    "General error: MVStoreException: Writing to FileChannel failed",
                    new IllegalStateException(new IOException("No space left on device")))))
        .isTrue();
    assertThat(StorageFull.causes(new SQLException("could not extend file", "53100"))).isTrue();
  }

  @Test
  void aFailedRollbackDoesNotHideTheFullDisk() {
    // the full disk closed H2; the pool closed the connection; the rollback failed on it
    TransactionSystemException rollback =
        new TransactionSystemException(
            "JDBC rollback failed", new SQLException("Connection is closed"));
    rollback.initApplicationException(
        new RuntimeException(
            "The database has been closed", new IOException("No space left on device")));
    assertThat(StorageFull.causes(rollback)).isTrue();

    TransactionSystemException unrelated =
        new TransactionSystemException(
            "JDBC rollback failed", new SQLException("Connection is closed"));
    unrelated.initApplicationException(new IllegalStateException("a bug"));
    assertThat(StorageFull.causes(unrelated)).isFalse();
  }

  @Test
  void otherFailuresAreNot() {
    assertThat(StorageFull.causes(new IOException("Connection reset by peer"))).isFalse();
    assertThat(StorageFull.causes(new SQLException("duplicate key", "23505"))).isFalse();
    assertThat(StorageFull.causes(new RuntimeException())).isFalse();
  }

  @Test
  void theRefusalIs507() {
    assertThat(StorageFull.refusal("The upload").status())
        .isEqualTo(HttpStatus.INSUFFICIENT_STORAGE);
    assertThat(StorageFull.refusal("The upload").getMessage()).startsWith("The upload: the disk");
  }
}
