package io.berth.auth;

import jakarta.servlet.http.HttpSession;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The sign-in page: the embedded issuer's login form (when it is on) and a button per tenant that
 * signs in through its own issuer. A refused sign-in shows the API's message next to the form.
 */
@Controller
class LoginController {
  /** Tomcat's session cookie, named like Berth's other cookies so the proxy never passes it on. */
  static final String SESSION_COOKIE = "berth_ui";

  /** Where an OIDC sign-in leaves the reason it was refused. */
  static final String SIGN_IN_ERROR = LoginController.class.getName() + ".error";

  private final AuthProperties auth;
  private final OidcClients clients;

  LoginController(AuthProperties auth, OidcClients clients) {
    this.auth = auth;
    this.clients = clients;
  }

  @GetMapping("/login")
  String login(HttpSession session, Model model) {
    model.addAttribute("embedded", auth.embeddedIssuer());
    model.addAttribute("tenant", auth.tenant());
    model.addAttribute("oidcTenants", clients.tenantIds());
    model.addAttribute("error", takeError(session));
    return "login";
  }

  private static String takeError(HttpSession session) {
    Object mine = session.getAttribute(SIGN_IN_ERROR);
    Object spring = session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
    session.removeAttribute(SIGN_IN_ERROR);
    session.removeAttribute(WebAttributes.AUTHENTICATION_EXCEPTION);
    if (mine != null) {
      return mine.toString();
    }
    return spring instanceof AuthenticationException e ? e.getMessage() : null;
  }
}
