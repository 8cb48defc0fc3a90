package io.berth.ui;

import io.berth.auth.Caller;
import io.berth.permissions.PermissionGrant;
import io.berth.pods.NewPod;
import io.berth.pods.PodService;
import io.berth.pods.PodView;
import io.berth.pods.StatusRequested;
import io.berth.templates.Template;
import io.berth.templates.TemplateCatalog;
import io.berth.web.ApiException;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * A pod's page (status pushed live, address, logs, credentials on demand, actions, sharing) and the
 * form that creates one from a template or an image. Every read and change is a {@link PodService}
 * call as the signed-in caller: the API's rules and messages, nothing of its own.
 */
@Controller
class PodPages {
  /** The create form's fields, by the API's names (its messages name them). */
  static final List<String> FIELDS =
      List.of("pod_id", "pod_template", "template", "port", "description", "networking");

  /** The fields shown when a stored template's tag is chosen (it brings image and networking). */
  static final List<String> TAG_FIELDS = List.of("pod_id", "template", "description");

  private final PodService pods;
  private final TemplateCatalog templates;
  private final JsonMapper json;
  private final StatusStreams streams;
  private final Clock clock;

  PodPages(
      PodService pods,
      TemplateCatalog templates,
      JsonMapper json,
      StatusStreams streams,
      Clock clock) {
    this.pods = pods;
    this.templates = templates;
    this.json = json;
    this.streams = streams;
    this.clock = clock;
  }

  /**
   * The create form; the template gallery links here with its site template ({@code pod_template})
   * or a stored template's chosen tag ({@code template}, {@code id:tag@time}) filled in.
   */
  @GetMapping("/ui/pods/new")
  String newPod(
      Caller caller,
      @RequestParam(name = "pod_template", defaultValue = "") String podTemplate,
      @RequestParam(name = "template", defaultValue = "") String template,
      Model model) {
    return form(caller, model, Map.of("pod_template", podTemplate, "template", template), null);
  }

  /**
   * The form's fields become the API's JSON body, read by the API's own binding: an image needs the
   * port it serves (there is no silent default), a template brings its own networking.
   */
  @PostMapping("/ui/pods")
  String create(Caller caller, @RequestParam Map<String, String> form, Model model) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("pod_id", form.getOrDefault("pod_id", "").trim());
    // a stored template's tag goes as the API's template field, resolved by the same service path
    String tag = form.getOrDefault("template", "").trim();
    if (tag.isEmpty()) {
      body.put("pod_template", form.getOrDefault("pod_template", "").trim());
    } else {
      body.put("template", tag);
    }
    String description = form.getOrDefault("description", "").trim();
    if (!description.isEmpty()) {
      body.put("description", description);
    }
    try {
      if (tag.isEmpty() && !body.get("pod_template").toString().startsWith(Template.PREFIX)) {
        body.put("networking", Map.of("default", Map.of("protocol", "http", "port", port(form))));
      }
      PodView pod = pods.create(caller, json.convertValue(body, NewPod.class));
      return "redirect:/ui/pods/" + pod.podId();
    } catch (ApiException e) {
      return form(
          caller, model, form, FormError.of(e.getMessage(), tag.isEmpty() ? FIELDS : TAG_FIELDS));
    }
  }

  private static int port(Map<String, String> form) {
    String port = form.getOrDefault("port", "").trim();
    try {
      int value = Integer.parseInt(port);
      if (value >= 1 && value <= 65535) {
        return value;
      }
    } catch (NumberFormatException e) {
      // refused below, as the API would
    }
    throw ApiException.badRequest(
        "The field port is required for an image: the port (1-65535) its server listens on.");
  }

  private String form(Caller caller, Model model, Map<String, String> values, FormError error) {
    model.addAttribute("caller", caller);
    model.addAttribute("section", "pods");
    model.addAttribute(
        "templates",
        templates.all().stream().sorted(Comparator.comparing(Template::reference)).toList());
    model.addAttribute("values", values);
    model.addAttribute("error", error);
    return "pod-new";
  }

  @GetMapping("/ui/pods/{podId}")
  String pod(Caller caller, @PathVariable String podId, Model model) {
    PodView pod = pods.get(caller, podId);
    model.addAttribute("caller", caller);
    model.addAttribute("section", "pods");
    model.addAttribute("pod", pod);
    model.addAttribute("status", PodTimes.status(pod));
    model.addAttribute("times", PodTimes.of(pod, clock.instant()));
    model.addAttribute("logs", pods.logs(caller, podId));
    model.addAttribute("permissions", pods.permissions(caller, podId).permissions());
    return "pod";
  }

  /** What the pod page polls when it cannot have the status pushed. */
  @GetMapping("/ui/pods/{podId}/status")
  @ResponseBody
  Map<String, String> status(Caller caller, @PathVariable String podId) {
    PodView pod = pods.get(caller, podId);
    return Map.of("status", PodTimes.status(pod), "requested", pod.statusRequested().name());
  }

  /** The same, pushed as it changes (server-sent events, {@link StatusStreams}). */
  @GetMapping("/ui/pods/{podId}/events")
  SseEmitter events(Caller caller, @PathVariable String podId) {
    pods.get(caller, podId); // a 404 now, not an empty stream
    SsePush push = SsePush.open();
    streams.open(caller, "status", () -> status(caller, podId), push);
    return push.emitter();
  }

  /** Shown only when asked for, on a page of its own (needs USER, as the API's call). */
  @GetMapping("/ui/pods/{podId}/credentials")
  String credentials(Caller caller, @PathVariable String podId, Model model) {
    model.addAttribute("caller", caller);
    model.addAttribute("section", "pods");
    model.addAttribute("pod", pods.get(caller, podId));
    model.addAttribute("credentials", pods.credentials(caller, podId));
    return "pod-credentials";
  }

  @PostMapping("/ui/pods/{podId}/status")
  String requestStatus(Caller caller, @PathVariable String podId, @RequestParam String requested) {
    StatusRequested wanted =
        switch (requested) {
          case "ON" -> StatusRequested.ON;
          case "OFF" -> StatusRequested.OFF;
          case "RESTART" -> StatusRequested.RESTART;
          default -> throw ApiException.badRequest("requested must be ON, OFF or RESTART.");
        };
    pods.requestStatus(caller, podId, wanted);
    return "redirect:/ui/pods/" + podId;
  }

  /**
   * Moves the running pod's stop later: {@code POST /v3/pods/{id}/extend}'s service call, with its
   * rules and messages (USER; not running is a 409; beyond the site's maximum a 400).
   */
  @PostMapping("/ui/pods/{podId}/extend")
  String extend(
      Caller caller,
      @PathVariable String podId,
      @RequestParam(defaultValue = "") String seconds,
      RedirectAttributes flash) {
    try {
      pods.extend(caller, podId, null, seconds);
    } catch (ApiException e) {
      flash.addFlashAttribute("extendError", e.getMessage());
    }
    return "redirect:/ui/pods/" + podId + "#lifetime";
  }

  @PostMapping("/ui/pods/{podId}/delete")
  String delete(
      Caller caller,
      @PathVariable String podId,
      @RequestParam(name = "delete_data", defaultValue = "false") boolean deleteData) {
    pods.delete(caller, podId, deleteData);
    return "redirect:/ui";
  }

  @PostMapping("/ui/pods/{podId}/permissions")
  String grant(
      Caller caller,
      @PathVariable String podId,
      @RequestParam(defaultValue = "") String user,
      @RequestParam(defaultValue = "") String level,
      RedirectAttributes flash) {
    try {
      pods.grant(caller, podId, new PermissionGrant(user.trim(), level));
    } catch (ApiException e) {
      flash.addFlashAttribute("shareError", e.getMessage());
    }
    return "redirect:/ui/pods/" + podId + "#sharing";
  }

  @PostMapping("/ui/pods/{podId}/permissions/revoke")
  String revoke(
      Caller caller,
      @PathVariable String podId,
      @RequestParam String user,
      RedirectAttributes flash) {
    try {
      pods.revoke(caller, podId, user);
    } catch (ApiException e) {
      flash.addFlashAttribute("shareError", e.getMessage());
    }
    return "redirect:/ui/pods/" + podId + "#sharing";
  }
}
