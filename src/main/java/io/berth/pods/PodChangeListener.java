package io.berth.pods;

/**
 * Told after every change through the API so the reconciler can act at once instead of waiting for
 * its next periodic pass. Called inside the change's transaction; implementations only signal.
 */
public interface PodChangeListener {
  void podChanged(String tenant, String podId);
}
