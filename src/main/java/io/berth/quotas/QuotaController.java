package io.berth.quotas;

import io.berth.auth.Caller;
import io.berth.web.Envelope;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Per-user quotas: each user sees their own; tenant admins see and set those of their tenant's
 * users.
 */
@RestController
@RequestMapping("/v3/pods/quotas")
class QuotaController {
  private final Quotas quotas;

  QuotaController(Quotas quotas) {
    this.quotas = quotas;
  }

  @GetMapping
  Envelope<QuotaView> mine(Caller caller) {
    return Envelope.ok("Quotas retrieved successfully.", quotas.view(caller, caller.user()));
  }

  @GetMapping("/{user}")
  Envelope<QuotaView> of(Caller caller, @PathVariable String user) {
    return Envelope.ok("Quotas retrieved successfully.", quotas.view(caller, user));
  }

  @PutMapping("/{user}")
  Envelope<QuotaView> set(Caller caller, @PathVariable String user, @RequestBody QuotaUpdate body) {
    return Envelope.ok("Quotas updated successfully.", quotas.set(caller, user, body));
  }
}
