package io.berth.quotas;

import java.util.Map;

/**
 * Counts what a user holds of the quotas a feature is about (pods count pods, running pods and tcp
 * ports; volumes count volume MB). Implemented by the features.
 */
public interface UsageMeter {
  Map<Quota, Long> usage(String tenant, String user);
}
