package io.berth.pods.reconcile;

/**
 * Spaces the periodic full passes so that listing the site's containers takes at most a tenth of
 * the time: the listing costs the engine about a millisecond of CPU per container, so at a thousand
 * pods a pass every 3 s kept it busy listing while pods waited to be created (bench/scale, N =
 * 1,000). A few pods list in milliseconds and keep the configured interval. Times are {@link
 * System#nanoTime()}.
 */
final class PassPacing {
  static final int LISTING_SHARE = 10;

  private volatile long nextPass;
  private volatile boolean paced;

  /** Whether a periodic pass is due at {@code now}. */
  boolean due(long now) {
    return !paced || now - nextPass >= 0;
  }

  /** A pass began at {@code began} and its listing took {@code listingNanos}. */
  void passed(long began, long listingNanos) {
    nextPass = began + LISTING_SHARE * listingNanos;
    paced = true;
  }
}
