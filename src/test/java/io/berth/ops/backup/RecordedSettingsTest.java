package io.berth.ops.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a backup records of the settings: everything useful, no secret in clear. */
class RecordedSettingsTest {

  @Test
  void developmentUsersKeepTheirNamesAndRolesButNotTheirPasswords() {
    String text =
        RecordedSettings.of(Map.of("BERTH_DEV_USERS", "alice:secret1, carol:s3cr3t:admin,bob:pw"));

    assertThat(text)
        .contains("BERTH_DEV_USERS=alice:(omitted),carol:(omitted):admin,bob:(omitted)")
        .doesNotContain("secret1")
        .doesNotContain("s3cr3t")
        .doesNotContain(":pw");
  }

  @Test
  void secretSettingsAreLeftOutAndSecretParametersOmitted() {
    String text =
        RecordedSettings.of(
            Map.of(
                "BERTH_PORT", "8080",
                "BERTH_DATA_KEY", "c2VjcmV0",
                "BERTH_DB_PASSWORD", "dbpass",
                "BERTH_PROXY_TRAEFIK_TOKEN", "tok",
                "BERTH_DB_URL", "jdbc:postgresql://db/berth?user=berth&password=inurl&ssl=true",
                "BERTH_JAVA_OPTS", "-Xmx1g -Dberth.db.password=inopts",
                "HOME", "/root"));

    assertThat(text)
        .contains("BERTH_PORT=8080")
        .contains("BERTH_DB_URL=jdbc:postgresql://db/berth?user=berth&password=(omitted)&ssl=true")
        .contains("-Dberth.db.password=(omitted)")
        .doesNotContain("c2VjcmV0")
        .doesNotContain("dbpass")
        .doesNotContain("tok")
        .doesNotContain("inurl")
        .doesNotContain("inopts")
        .doesNotContain("HOME");
  }
}
