package io.berth.auth;

/** TEMPORARY placeholder until the auth branch lands. */
public interface SecretCipher {
  String encrypt(String plain);

  String decrypt(String sealed);
}
