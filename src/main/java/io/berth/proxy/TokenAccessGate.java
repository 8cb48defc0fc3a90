package io.berth.proxy;

import io.berth.auth.Caller;
import io.berth.auth.TokenValidator;
import io.berth.permissions.AccessList;
import io.berth.permissions.Resource;
import org.springframework.stereotype.Component;

/**
 * The gate of gated routes: a valid Berth token of the pod's tenant whose user holds at least READ
 * on the pod (tenant admins hold it on every pod) and is on the entry's allowed users.
 */
@Component
class TokenAccessGate implements AccessGate {
  private final TokenValidator tokens;
  private final AccessList permissions;

  TokenAccessGate(TokenValidator tokens, AccessList permissions) {
    this.tokens = tokens;
    this.permissions = permissions;
  }

  @Override
  public Verdict check(Route route, String token) {
    if (token == null || token.isBlank()) {
      return new Verdict.NoCredentials();
    }
    Caller caller;
    try {
      caller = tokens.validate(token);
    } catch (TokenValidator.InvalidTokenException e) {
      return new Verdict.Denied(e.getMessage());
    }
    if (!caller.tenant().equals(route.tenant())) {
      return new Verdict.Denied("this pod belongs to another tenant");
    }
    if (!route.allowedUsers().contains("*") && !route.allowedUsers().contains(caller.user())) {
      return new Verdict.Denied("user " + caller.user() + " is not allowed on this address");
    }
    boolean reads =
        caller.isTenantAdmin()
            || permissions
                .levelOf(Resource.pod(route.tenant(), route.podId()), caller.user())
                .isPresent();
    return reads
        ? new Verdict.Allowed(caller.user())
        : new Verdict.Denied(
            "user " + caller.user() + " holds no permission on pod " + route.podId());
  }
}
