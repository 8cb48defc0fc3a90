package io.berth.proxy;

import io.berth.auth.Caller;
import io.berth.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code GET /v3/pods/{host}/auth/callback}: where a browser comes to pass a gated pod's gate. It
 * is a browser path, so Berth's sign-in runs first (and comes back here); then the gate's own
 * decision for the signed-in user, and on success back to the pod's host with a one-use ticket for
 * that host alone, which the proxy trades for its session cookie before sending the browser to
 * {@code return_path}.
 */
@Controller
class PodSignInController {
  private final RouteLookup routes;
  private final TokenAccessGate gate;
  private final BrowserSignIn signIn;
  private final UrlScheme scheme;

  PodSignInController(
      RouteLookup routes, TokenAccessGate gate, BrowserSignIn signIn, UrlScheme scheme) {
    this.routes = routes;
    this.gate = gate;
    this.signIn = signIn;
    this.scheme = scheme;
  }

  @GetMapping("/v3/pods/{host}/auth/callback")
  String callback(
      Caller caller,
      @PathVariable String host,
      @RequestParam(name = "return_path", required = false) String returnPath) {
    Route route =
        routes
            .httpRoute(UrlScheme.normalizeHost(host))
            .orElseThrow(() -> ApiException.notFound("No pod answers at " + host + "."));
    String podUrl = scheme.httpUrl(route.tenant(), route.podId(), route.key());
    if (!route.gated()) {
      return "redirect:" + podUrl + BrowserSignIn.safeReturnPath(returnPath);
    }
    return switch (gate.admit(route, caller)) {
      case AccessGate.Verdict.Allowed a ->
          "redirect:" + signIn.ticketUrl(podUrl, route.host(), caller, returnPath);
      case AccessGate.Verdict.Denied d ->
          throw ApiException.forbidden("Access refused: " + d.reason() + ".");
      case AccessGate.Verdict.NoCredentials n ->
          throw new ApiException(HttpStatus.UNAUTHORIZED, "Sign in first.");
    };
  }

  @ExceptionHandler(ApiException.class)
  String refused(
      ApiException e,
      Caller caller,
      jakarta.servlet.http.HttpServletResponse response,
      Model model) {
    response.setStatus(e.status().value());
    model.addAttribute("caller", caller);
    model.addAttribute("status", e.status().value());
    model.addAttribute("message", e.getMessage());
    return "refused";
  }
}
