package io.berth.ui;

import io.berth.auth.Caller;
import io.berth.pods.PodService;
import io.berth.pods.PodView;
import io.berth.pods.StatusRequested;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The web interface's pages for pods. It holds no rules of its own: every read and change goes
 * through {@link PodService} as the signed-in caller, and a refusal shows the API's message.
 */
@Controller
class UiController {
  private final PodService pods;
  private final StatusStreams streams;
  private final Clock clock;

  UiController(PodService pods, StatusStreams streams, Clock clock) {
    this.pods = pods;
    this.streams = streams;
    this.clock = clock;
  }

  @GetMapping("/")
  String root() {
    return "redirect:/ui";
  }

  @GetMapping("/ui")
  String podList(Caller caller, Model model) {
    List<PodView> mine =
        pods.list(caller).stream().sorted(Comparator.comparing(PodView::podId)).toList();
    model.addAttribute("caller", caller);
    model.addAttribute("pods", mine);
    Instant now = clock.instant();
    Map<String, PodTimes> times = new HashMap<>();
    mine.forEach(p -> times.put(p.podId(), PodTimes.of(p, now)));
    model.addAttribute("times", times);
    model.addAttribute("section", "pods");
    return "pods";
  }

  /** Each listed pod's status, by id: what the list polls when it cannot have it pushed. */
  @GetMapping("/ui/pod-statuses")
  @ResponseBody
  Map<String, String> statuses(Caller caller) {
    Map<String, String> statuses = new TreeMap<>();
    pods.list(caller).forEach(p -> statuses.put(p.podId(), PodTimes.status(p)));
    return statuses;
  }

  /** The same, pushed as it changes (server-sent events, {@link StatusStreams}). */
  @GetMapping("/ui/pod-events")
  SseEmitter events(Caller caller) {
    SsePush push = SsePush.open();
    streams.open(caller, "statuses", () -> statuses(caller), push);
    return push.emitter();
  }

  /** The stopped-pod page of the proxy links here: a confirmation with a CSRF-protected form. */
  @GetMapping("/ui/pods/{podId}/start")
  String confirmStart(Caller caller, @PathVariable String podId, Model model) {
    model.addAttribute("caller", caller);
    model.addAttribute("pod", pods.get(caller, podId));
    model.addAttribute("section", "pods");
    return "start";
  }

  /** Starts the pod and goes back to its address, where the proxy shows it coming up. */
  @PostMapping("/ui/pods/{podId}/start")
  String start(Caller caller, @PathVariable String podId) {
    PodView pod = pods.requestStatus(caller, podId, StatusRequested.ON);
    return pod.url() != null && pod.url().startsWith("http")
        ? "redirect:" + pod.url()
        : "redirect:/ui";
  }
}
