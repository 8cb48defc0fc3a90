package io.berth.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.runtime.storage.VolumeStorage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UploadBudgetsTest {
  static final long MB = 1024 * 1024;
  final UploadBudgets budgets = new UploadBudgets();
  final AtomicInteger measured = new AtomicInteger();

  UploadBudgets.Budget open(long declared, long used) {
    return budgets.open(
        "vol-t-v",
        10 * MB,
        declared,
        () -> {
          measured.incrementAndGet();
          return used;
        });
  }

  @Test
  void runningUploadsShareTheRoomLeft() {
    try (var first = open(4 * MB, 1 * MB);
        var second = open(4 * MB, 1 * MB)) {
      // 1 used + 4 + 4 claimed: a third declared 4 MB does not fit, a chunked one gets 1 MB
      assertThatThrownBy(() -> open(4 * MB, 1 * MB))
          .isInstanceOf(VolumeStorage.Upload.TooLarge.class);
      try (var chunked = open(0, 1 * MB)) {
        chunked.claim(MB);
        assertThatThrownBy(() -> chunked.claim(MB + 1))
            .isInstanceOf(VolumeStorage.Upload.TooLarge.class);
      }
      first.landed(4 * MB);
    }
    assertThat(measured.get()).isEqualTo(1); // measured once for the uploads running together
  }

  @Test
  void whatLandedCountsUntilTheLastUploadEndsThenTheStorageIsMeasuredAgain() {
    try (var running = open(0, 0)) {
      try (var done = open(6 * MB, 0)) {
        done.landed(6 * MB);
      }
      // the finished 6 MB count though they were not measured
      assertThatThrownBy(() -> running.claim(5 * MB))
          .isInstanceOf(VolumeStorage.Upload.TooLarge.class);
      running.claim(4 * MB);
    }
    try (var later = open(0, 6 * MB)) {
      assertThat(measured.get()).isEqualTo(2);
      assertThatThrownBy(() -> later.claim(5 * MB))
          .isInstanceOf(VolumeStorage.Upload.TooLarge.class);
    }
  }
}
