package io.berth.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The contract check itself, on bodies written here: what passes, what fails and why. */
class TapisContractTest {
  final TapisContract contract = TapisContract.get();

  static String envelope(String result) {
    return "{\"status\":\"success\",\"message\":\"ok\",\"version\":\"0.1.0\",\"metadata\":{},"
        + "\"result\":"
        + result
        + "}";
  }

  @Test
  void aListingInTheSpecsShapePasses() {
    String file =
        "{\"path\":\"docs/a.txt\",\"name\":\"a.txt\",\"type\":\"file\",\"size\":12,"
            + "\"lastModified\":\"2026-12-06T12:00:00Z\",\"nativePermissions\":\"rw-r--r--\"}";
    assertThatCode(() ->
            contract.check("GET", "/v3/pods/volumes/vol1/list", 200, envelope("[" + file + "]")))
        .doesNotThrowAnyException();
  }

  @Test
  void theOldListingAndAFloatSizeFail() {
    assertThatThrownBy(() ->
            contract.check(
                "GET",
                "/v3/pods/volumes/vol1/list",
                200,
                envelope("[{\"path\":\"a\",\"size\":1,\"modification_time\":\"x\"}]")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("GET /pods/volumes/{volume_id}/list 200")
        .hasMessageContaining("modification_time");
    String volume =
        "{\"volume_id\":\"v\",\"description\":\"\",\"size_limit\":1024,\"size\":0.5,"
            + "\"status\":\"AVAILABLE\",\"creation_ts\":\"2026-12-06T12:00:00Z\","
            + "\"update_ts\":\"2026-12-06T12:00:00Z\"}";
    assertThatThrownBy(() -> contract.check("GET", "/v3/pods/volumes/v", 200, envelope(volume)))
        .hasMessageContaining("size");
  }

  @Test
  void aStatusTheSpecDoesNotListFailsUnlessItIsAnError() {
    assertThatThrownBy(() ->
            contract.check(
                "POST",
                "/v3/oauth2/tokens",
                200,
                envelope("{\"access_token\":{\"access_token\":\"x\"}}")))
        .hasMessageContaining("answered 200, which the spec does not list (it lists 201)");
    assertThatCode(
            () -> contract.check("GET", "/v3/pods/volumes/nosuch", 404, "{\"status\":\"error\"}"))
        .doesNotThrowAnyException();
  }

  @Test
  void aRefusalIsHeldToTheSpecsValidationErrorAsTapisSendsIt() {
    String listed =
        "{\"status\":\"error\",\"message\":[\"Field pod_id is required.\"],\"detail\":"
            + "[{\"loc\":[\"body\",\"pod_id\"],\"msg\":\"Field pod_id is required.\","
            + "\"type\":\"missing\"}]}";
    assertThatCode(() -> contract.check("POST", "/v3/pods/volumes", 400, listed))
        .doesNotThrowAnyException();
    assertThatThrownBy(() ->
            contract.check(
                "POST", "/v3/pods/volumes", 400, "{\"status\":\"error\",\"detail\":[{}]}"))
        .hasMessageContaining("POST /pods/volumes 400");
  }

  @Test
  void literalPathsWinOverParametersAndUnservedOnesAreLeftAlone() {
    assertThat(contract.operation("POST", "/v3/pods/images/bulk").key())
        .isEqualTo("POST /pods/images/bulk");
    assertThat(contract.operation("GET", "/v3/pods/images/docker.io/library/nginx:*").key())
        .isEqualTo("GET /pods/images/{image_id}");
    assertThat(contract.operation("GET", "/v3/pods/volumes").key()).isEqualTo("GET /pods/volumes");
    assertThat(contract.operation("GET", "/v3/pods/healthcheck").key())
        .isEqualTo("GET /healthcheck");
    assertThat(contract.operation("GET", "/v3/tenants/default").key())
        .isEqualTo("GET /v3/tenants/{tenant_id}");
    assertThat(contract.operation("GET", "/v3/admin/jobs")).isNull();
    assertThat(contract.operation("GET", "/v3/pods/quotas/logs")).as("a user's quota").isNull();
    assertThatCode(() -> contract.check("POST", "/v3/pods/p1/exec", 404, "{\"status\":\"error\"}"))
        .doesNotThrowAnyException();
    assertThat(contract.report()).contains("POST /pods/{pod_id}/exec: needs exec");
  }
}
