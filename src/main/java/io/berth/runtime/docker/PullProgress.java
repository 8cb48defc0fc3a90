package io.berth.runtime.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.PullResponseItem;

/**
 * Follows an image pull and keeps the engine's error, if any. docker-java's own
 * PullImageResultCallback fails with a NullPointerException on the status-less progress items
 * Podman sends, which would hide the real reason (a missing image, a refused registry).
 */
final class PullProgress extends ResultCallback.Adapter<PullResponseItem> {
  private volatile String error;

  @Override
  public void onNext(PullResponseItem item) {
    if (item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null) {
      error = item.getErrorDetail().getMessage();
    } else if (item.getError() != null) {
      error = item.getError();
    }
  }

  /** The engine's reason the pull failed, or null when it reported none. */
  String error() {
    return error;
  }
}
