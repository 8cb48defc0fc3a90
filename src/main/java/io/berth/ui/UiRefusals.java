package io.berth.ui;

import io.berth.auth.Caller;
import io.berth.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * A refusal on any page of the interface: the API's status and message, in the page's look, with
 * the common header (sections, who is signed in, sign-out) when the caller is known, so a 403 is
 * not a dead end.
 */
@ControllerAdvice(basePackageClasses = UiRefusals.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class UiRefusals {
  @ExceptionHandler(ApiException.class)
  String refused(
      ApiException e, HttpServletRequest request, HttpServletResponse response, Model model) {
    response.setStatus(e.status().value());
    // read from the request, not as an argument: a refusal for want of a caller must still render
    if (request.getAttribute(Caller.REQUEST_ATTRIBUTE) instanceof Caller caller) {
      model.addAttribute("caller", caller);
    }
    model.addAttribute("status", e.status().value());
    model.addAttribute("message", e.getMessage());
    return "refused";
  }
}
