package io.berth.processes;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/** OGC API - Processes' landing page and conformance declaration. */
@RestController
class LandingController {

  @GetMapping(
      path = {Links.BASE, Links.BASE + "/"},
      produces = "application/json")
  ObjectNode landing(HttpServletRequest request) {
    return Documents.landing(Links.base(request), Links.origin(request));
  }

  @GetMapping(path = Links.BASE + "/conformance", produces = "application/json")
  ObjectNode conformance() {
    return Documents.conformance();
  }
}
