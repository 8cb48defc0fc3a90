package io.berth.ui;

import io.berth.web.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** A refusal on any page of the interface: the API's status and message, in the page's look. */
@ControllerAdvice(basePackageClasses = UiRefusals.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class UiRefusals {
  @ExceptionHandler(ApiException.class)
  String refused(ApiException e, HttpServletResponse response, Model model) {
    response.setStatus(e.status().value());
    model.addAttribute("status", e.status().value());
    model.addAttribute("message", e.getMessage());
    return "refused";
  }
}
