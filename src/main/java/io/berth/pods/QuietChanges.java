package io.berth.pods;

import org.springframework.stereotype.Component;

/** Until the reconciler lands nothing acts on pods, so changes need no signal. */
@Component
class QuietChanges implements PodChangeListener {
  @Override
  public void podChanged(String tenant, String podId) {}
}
