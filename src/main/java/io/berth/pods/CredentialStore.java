package io.berth.pods;

import io.berth.auth.SecretCipher;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Pod credentials, passwords sealed with the site data key before they reach the database. */
@Repository
public class CredentialStore {
  private final JdbcClient jdbc;
  private final SecretCipher cipher;

  public CredentialStore(JdbcClient jdbc, SecretCipher cipher) {
    this.jdbc = jdbc;
    this.cipher = cipher;
  }

  public void insert(String tenant, String podId, PodCredentials credentials) {
    jdbc.sql(
            "insert into pod_credentials (tenant, pod_id, user_username, user_password_enc,"
                + " admin_username, admin_password_enc) values (?, ?, ?, ?, ?, ?)")
        .params(
            tenant,
            podId,
            credentials.userUsername(),
            cipher.encrypt(credentials.userPassword()),
            credentials.adminUsername(),
            cipher.encrypt(credentials.adminPassword()))
        .update();
    addPlaceholders(tenant, podId, credentials.placeholders());
  }

  /** Seals the values of placeholders a pod's definition came to use. */
  public void addPlaceholders(String tenant, String podId, Map<String, String> values) {
    values.forEach((text, value) ->
        jdbc.sql(
                "insert into pod_placeholders (tenant, pod_id, placeholder, value_enc) values (?,"
                    + " ?, ?, ?)")
            .params(tenant, podId, text, cipher.encrypt(value))
            .update());
  }

  /** The values of a pod's placeholders, by placeholder text, in clear. */
  public Map<String, String> placeholders(String tenant, String podId) {
    Map<String, String> values = new LinkedHashMap<>();
    jdbc.sql("select placeholder, value_enc from pod_placeholders where tenant = ? and pod_id = ?")
        .params(tenant, podId)
        .query((rs, i) -> values.put(rs.getString(1), cipher.decrypt(rs.getString(2))))
        .list();
    return values;
  }

  public Optional<PodCredentials> find(String tenant, String podId) {
    return jdbc.sql(
            "select user_username, user_password_enc, admin_username, admin_password_enc"
                + " from pod_credentials where tenant = ? and pod_id = ?")
        .params(tenant, podId)
        .query((rs, i) ->
            new PodCredentials(
                rs.getString(1),
                cipher.decrypt(rs.getString(2)),
                rs.getString(3),
                cipher.decrypt(rs.getString(4)),
                Map.of()))
        .optional()
        .map(c -> c.withPlaceholders(placeholders(tenant, podId)));
  }
}
