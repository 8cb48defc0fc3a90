package io.berth.auth;

import io.berth.config.BerthProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The embedded issuer's users, from {@code BERTH_DEV_USERS} ({@code alice:secret1,carol:s3:admin};
 * the optional third part is a role). Passwords are kept only as BCrypt hashes. When none are
 * configured, an {@code admin} user with a generated password is created once and its password
 * written to {@code BERTH_HOME/keys/initial-admin-password} (mode 0600).
 */
@Component
public class DevUsers {
  private static final Logger log = LoggerFactory.getLogger(DevUsers.class);
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_.@-]{1,128}$");
  private static final Pattern ROLE = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");

  private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(10);
  private final Map<String, User> users;
  private final String dummyHash;

  record User(String name, String passwordHash, Set<String> roles) {}

  public DevUsers(AuthProperties auth, BerthProperties berth, PasswordGenerator passwords) {
    Map<String, User> parsed = new LinkedHashMap<>();
    if (!auth.devUsers().isBlank()) {
      for (Entry e : parse(auth.devUsers())) {
        parsed.put(e.name(), new User(e.name(), encoder.encode(e.password()), e.roles()));
      }
    } else if (auth.embeddedIssuer()) {
      String password = initialAdminPassword(berth.homePath().resolve("keys"), passwords);
      parsed.put("admin", new User("admin", encoder.encode(password), Set.of(Caller.ADMIN_ROLE)));
    }
    this.users = Map.copyOf(parsed);
    this.dummyHash = encoder.encode("no such user");
  }

  /** The user's roles when name and password match; checked in constant time per user. */
  public Optional<Set<String>> authenticate(String name, String password) {
    User user = name == null ? null : users.get(name);
    String hash = user == null ? dummyHash : user.passwordHash();
    boolean matches = password != null && encoder.matches(password, hash);
    return user != null && matches ? Optional.of(user.roles()) : Optional.empty();
  }

  /** One parsed entry of BERTH_DEV_USERS. */
  record Entry(String name, String password, Set<String> roles) {}

  static java.util.List<Entry> parse(String spec) {
    java.util.List<Entry> entries = new java.util.ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (String raw : spec.split(",")) {
      String item = raw.trim();
      if (item.isEmpty()) {
        continue;
      }
      String[] parts = item.split(":", -1);
      String shown = parts[0];
      if (parts.length < 2 || parts.length > 3) {
        throw new IllegalStateException(
            "BERTH_DEV_USERS entry for '"
                + shown
                + "' must be user:password or user:password:role");
      }
      if (!NAME.matcher(parts[0]).matches()) {
        throw new IllegalStateException(
            "BERTH_DEV_USERS entry '"
                + shown
                + "': the user name must be 1-128 of A-Z a-z 0-9 _ . @ -");
      }
      if (parts[1].isEmpty()) {
        throw new IllegalStateException(
            "BERTH_DEV_USERS entry for '" + shown + "' has an empty password");
      }
      if (parts.length == 3 && !ROLE.matcher(parts[2]).matches()) {
        throw new IllegalStateException(
            "BERTH_DEV_USERS entry for '" + shown + "' has an invalid role '" + parts[2] + "'");
      }
      if (!seen.add(parts[0])) {
        throw new IllegalStateException("BERTH_DEV_USERS names '" + shown + "' twice");
      }
      entries.add(new Entry(parts[0], parts[1], parts.length == 3 ? Set.of(parts[2]) : Set.of()));
    }
    return entries;
  }

  private static String initialAdminPassword(Path keys, PasswordGenerator passwords) {
    Path file = keys.resolve("initial-admin-password");
    try {
      if (Files.exists(file)) {
        return Files.readString(file).trim();
      }
      Files.createDirectories(keys);
      String password = passwords.generate();
      Files.writeString(file, password + "\n");
      if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      }
      log.warn(
          "No BERTH_DEV_USERS given: created user 'admin' (tenant admin); its password is in {}",
          file);
      return password;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the initial admin password to " + file, e);
    }
  }
}
