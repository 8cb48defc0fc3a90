package io.berth.proxy;

/**
 * One client connection's share of activity tracking: the entry of the route it last used, looked
 * up again only when the route changes (a route table refresh) or the flush forgot it, so a request
 * costs a flag write, no map lookup or clock read.
 */
final class ConnectionActivity {
  private final PodActivity activities;
  private PodActivity.Entry entry;
  private Route route;

  ConnectionActivity(PodActivity activities) {
    this.activities = activities;
  }

  /** A request to the route is traffic; returns the entry that now counts it. */
  PodActivity.Entry request(Route to) {
    if (to != route || entry.forgotten()) {
      entry = activities.of(to);
      route = to;
    }
    entry.touch();
    return entry;
  }

  /** Bytes moved on the connection: traffic for the entry of its last request, if any. */
  void touch() {
    if (entry != null) {
      entry.touch();
    }
  }

  /** The entry of the last request (null before the first). */
  PodActivity.Entry entry() {
    return entry;
  }
}
