package io.berth.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.berth.BerthApplication;
import io.berth.testing.ApiClient;
import io.berth.testing.ApiClient.Reply;
import io.berth.testing.ApiOnlyIT;
import io.berth.testing.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Pods, permissions and credentials survive a restart of Berth on the same store. */
@Tag("db")
class PodRestartIT {
  @TempDir Path home;

  @Test
  void dataSurvivesARestart() {
    String password;
    try (ConfigurableApplicationContext first = start()) {
      PodApiSupport.clean(first.getBean(JdbcClient.class));
      ApiClient api = client(first);
      String alice = api.token("alice", "secret1");
      Reply created =
          api.post(
              "/v3/pods",
              "{\"pod_id\":\"durable\",\"pod_template\":\"template/postgres\",\"description\":\"stays\"}",
              alice);
      assertThat(created.status()).as(created.text()).isEqualTo(200);
      api.post("/v3/pods/durable/permissions", "{\"user\":\"bob\",\"level\":\"USER\"}", alice);
      password =
          api.get("/v3/pods/durable/credentials", alice).result().path("user_password").asString();
    }
    try (ConfigurableApplicationContext second = start()) {
      ApiClient api = client(second);
      String bob = api.token("bob", "secret2");
      Reply pod = api.get("/v3/pods/durable", bob);
      assertThat(pod.status()).isEqualTo(200);
      assertThat(pod.result().path("description").asString()).isEqualTo("stays");
      assertThat(
              api.get("/v3/pods/durable/credentials", bob)
                  .result()
                  .path("user_password")
                  .asString())
          .isEqualTo(password);
      List<String> permissions = new ArrayList<>();
      api.get("/v3/pods/durable/permissions", bob)
          .result()
          .path("permissions")
          .forEach(p -> permissions.add(p.asString()));
      assertThat(permissions).containsExactlyInAnyOrder("alice:ADMIN", "bob:USER");
    }
  }

  private ConfigurableApplicationContext start() {
    List<String> args = new ArrayList<>();
    args.add("--server.port=0");
    args.add("--berth.home=" + home);
    args.add("--berth.auth.dev-users=" + ApiOnlyIT.DEV_USERS);
    args.add("--berth.reconciler.enabled=false");
    args.add("--berth.proxy.enabled=false");
    if (TestDatabase.postgres()) {
      TestDatabase.Postgres database = TestDatabase.Postgres.started();
      args.add("--berth.db.url=" + database.url());
      args.add("--berth.db.user=" + database.user());
      args.add("--berth.db.password=" + database.password());
    }
    return new SpringApplicationBuilder(BerthApplication.class).run(args.toArray(String[]::new));
  }

  private static ApiClient client(ConfigurableApplicationContext context) {
    return new ApiClient(((WebServerApplicationContext) context).getWebServer().getPort());
  }
}
