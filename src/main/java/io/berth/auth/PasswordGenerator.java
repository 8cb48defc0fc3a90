package io.berth.auth;

/** TEMPORARY placeholder until the auth branch lands. */
public interface PasswordGenerator {
  String generate();
}
