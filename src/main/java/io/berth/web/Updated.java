package io.berth.web;

/**
 * What an update left: the object as it now is, and whether the update changed anything. An update
 * whose every given value equals the stored one is answered as Tapis answers it: 200, the object,
 * and "Incoming data made no changes to ...", so a client that sets a value it may already hold
 * (tapipy, Tapis's own tests) is not told it failed.
 */
public record Updated<T>(T result, boolean changed) {

  /** The envelope: {@code done} when something changed, Tapis's no-change words otherwise. */
  public Envelope<T> envelope(String kind, String done) {
    return Envelope.ok(changed ? done : noChanges(kind), result);
  }

  /** Tapis's words for an update that leaves everything as it is. */
  public static String noChanges(String kind) {
    return "Incoming data made no changes to " + kind + ". Is incoming data equal to current data?";
  }
}
