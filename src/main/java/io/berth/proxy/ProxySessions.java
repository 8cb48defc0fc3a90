package io.berth.proxy;

import io.berth.auth.SiteKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * The proxy's own sessions, kept in the {@code berth_session} cookie after a request through a gate
 * showed a Berth token. A session is sealed (AES-GCM) with a key derived for this purpose alone, so
 * it is opaque, cannot be forged or altered, and is no token the API accepts; it names the one host
 * it was issued for and expires soon (and never after the token that opened it).
 */
@Component
class ProxySessions {
  static final String COOKIE = "berth_session";
  private static final String PREFIX = "s1.";
  private static final String TICKET_PREFIX = "t1.";
  private static final int IV_BYTES = 12;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private final SecretKey key;
  private final SecretKey ticketKey;
  private final SecureRandom random = new SecureRandom();

  /**
   * Who passed which gate, until when ({@code expires}); renewals never go past {@code limit}, the
   * expiry of the token that opened the session.
   */
  record Session(
      String host,
      String tenant,
      String user,
      boolean tenantAdmin,
      Instant expires,
      Instant limit) {}

  ProxySessions(SiteKeys keys) {
    this.key = new SecretKeySpec(keys.derivedKey("proxy sessions v1"), "AES");
    this.ticketKey = new SecretKeySpec(keys.derivedKey("proxy sign-in tickets v1"), "AES");
  }

  String seal(Session s) {
    return seal(
        key,
        PREFIX,
        out -> {
          out.writeUTF(s.host());
          out.writeUTF(s.tenant());
          out.writeUTF(s.user());
          out.writeBoolean(s.tenantAdmin());
          out.writeLong(s.expires().getEpochSecond());
          out.writeLong(s.limit().getEpochSecond());
        });
  }

  /** The session a cookie value holds, or empty when it is not one this site sealed. */
  Optional<Session> open(String value) {
    return open(
        key,
        PREFIX,
        value,
        in ->
            new Session(
                in.readUTF(),
                in.readUTF(),
                in.readUTF(),
                in.readBoolean(),
                Instant.ofEpochSecond(in.readLong()),
                Instant.ofEpochSecond(in.readLong())));
  }

  /**
   * A browser's pass from Berth's sign-in to one pod's host, where the proxy turns it into a
   * session cookie of that host. It travels in a URL, so it is sealed with a key of its own (no
   * ticket is a session and no session a ticket), lives a minute and is taken once.
   */
  record Ticket(
      String id,
      String host,
      String tenant,
      String user,
      boolean tenantAdmin,
      Instant expires,
      String returnPath) {}

  String sealTicket(Ticket t) {
    return seal(
        ticketKey,
        TICKET_PREFIX,
        out -> {
          out.writeUTF(t.id());
          out.writeUTF(t.host());
          out.writeUTF(t.tenant());
          out.writeUTF(t.user());
          out.writeBoolean(t.tenantAdmin());
          out.writeLong(t.expires().getEpochSecond());
          out.writeUTF(t.returnPath());
        });
  }

  Optional<Ticket> openTicket(String value) {
    return open(
        ticketKey,
        TICKET_PREFIX,
        value,
        in ->
            new Ticket(
                in.readUTF(),
                in.readUTF(),
                in.readUTF(),
                in.readUTF(),
                in.readBoolean(),
                Instant.ofEpochSecond(in.readLong()),
                in.readUTF()));
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private String seal(SecretKey with, String prefix, Writer writer) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        writer.write(out);
      }
      byte[] iv = new byte[IV_BYTES];
      random.nextBytes(iv);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, with, new GCMParameterSpec(128, iv));
      byte[] sealed = cipher.doFinal(bytes.toByteArray());
      return prefix
          + ENCODER.encodeToString(
              ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
  }

  private static <T> Optional<T> open(
      SecretKey with, String prefix, String value, Reader<T> reader) {
    if (value == null || !value.startsWith(prefix) || value.length() > 4096) {
      return Optional.empty();
    }
    try {
      byte[] all = DECODER.decode(value.substring(prefix.length()));
      if (all.length <= IV_BYTES) {
        return Optional.empty();
      }
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, with, new GCMParameterSpec(128, all, 0, IV_BYTES));
      byte[] plain = cipher.doFinal(all, IV_BYTES, all.length - IV_BYTES);
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
        return Optional.of(reader.read(in));
      }
    } catch (IllegalArgumentException | GeneralSecurityException | IOException e) {
      return Optional.empty(); // not base64, altered, sealed with another key, or truncated
    }
  }
}
