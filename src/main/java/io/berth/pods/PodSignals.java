package io.berth.pods;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Wakes the reconciler once a pod's change is committed, so it never reads the old state. */
@Component
final class PodSignals {
  private final PodChangeListener changes;

  PodSignals(PodChangeListener changes) {
    this.changes = changes;
  }

  void afterCommit(String tenant, String podId) {
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              changes.podChanged(tenant, podId);
            }
          });
    } else {
      changes.podChanged(tenant, podId);
    }
  }
}
