package io.berth.pods;

import io.berth.auth.SecretCipher;
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
                cipher.decrypt(rs.getString(4))))
        .optional();
  }
}
