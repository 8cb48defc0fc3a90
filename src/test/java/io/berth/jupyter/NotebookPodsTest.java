package io.berth.jupyter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.berth.auth.Caller;
import io.berth.pods.NewPod;
import io.berth.pods.PodService;
import io.berth.pods.PodView;
import io.berth.pods.StatusRequested;
import io.berth.testing.PodViewBuilder;
import io.berth.web.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code ensure}'s logic over a behavioural fake of the pod use cases. */
class NotebookPodsTest {
  final Caller alice = new Caller("t1", "alice", Set.of());
  final FakePods pods = new FakePods();
  final NotebookPods notebooks = new NotebookPods(pods, new JupyterProperties(null, null));

  @Test
  void theNotebookPodIsNamedAfterItsUserWithinThePodIdRule() {
    assertThat(NotebookPods.podId("alice")).isEqualTo("alicejupyter");
    assertThat(NotebookPods.podId("Jane.Doe@lab-1")).isEqualTo("janedoelab1jupyter");
    assertThat(NotebookPods.podId("42")).isEqualTo("u42jupyter");
    assertThat(NotebookPods.podId("_")).isEqualTo("ujupyter");
    assertThat(NotebookPods.podId("a".repeat(80))).hasSize(64).endsWith("jupyter");
  }

  @Test
  void theFirstCallCreatesThePodFromTheSitesJupyterTemplateAndTheNextFindsIt() {
    NotebookPods.Ensured first = notebooks.ensure(alice);
    assertThat(first.created()).isTrue();
    assertThat(first.pod().podId()).isEqualTo("alicejupyter");
    NewPod request = pods.created.getFirst();
    assertThat(request.template()).isEqualTo("jupyter");
    assertThat(request.statusRequested()).isEqualTo("ON");

    NotebookPods.Ensured second = notebooks.ensure(alice);
    assertThat(second.created()).isFalse();
    assertThat(second.pod().podId()).isEqualTo("alicejupyter");
    assertThat(pods.created).hasSize(1);
  }

  @Test
  void aStoppedNotebookPodIsStartedAgain() {
    notebooks.ensure(alice);
    pods.pods.put("alicejupyter", view("alicejupyter", StatusRequested.OFF));
    NotebookPods.Ensured ensured = notebooks.ensure(alice);
    assertThat(ensured.created()).isFalse();
    assertThat(pods.pods.get("alicejupyter").statusRequested()).isEqualTo(StatusRequested.ON);
  }

  @Test
  void aCallThatLosesTheRaceToCreateReadsThePodTheOtherMade() {
    pods.otherCallCreatesFirst = true;
    NotebookPods.Ensured ensured = notebooks.ensure(alice);
    assertThat(ensured.created()).isFalse();
    assertThat(ensured.pod().podId()).isEqualTo("alicejupyter");
    assertThat(pods.pods).hasSize(1);
  }

  @Test
  void aNameTakenByAPodTheCallerCannotSeeIsAClearConflict() {
    pods.hidden.add("alicejupyter");
    assertThatThrownBy(() -> notebooks.ensure(alice))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.status().value()).isEqualTo(409))
        .hasMessageContaining("alicejupyter")
        .hasMessageContaining("cannot see");
  }

  @Test
  void aRefusedCreateIsPassedOn() {
    pods.refusal = ApiException.notFound("Field template: template jupyter not found.");
    assertThatThrownBy(() -> notebooks.ensure(alice)).hasMessageContaining("Field template");
  }

  static PodView view(String podId, StatusRequested requested) {
    return PodViewBuilder.of(podId)
        .with("pod_template", "template/jupyter")
        .with("template", "jupyter")
        .with("status_requested", requested)
        .with("idle_timeout", 3600)
        .build();
  }

  /** Pods by id; {@code hidden} ones exist but the caller cannot see them. */
  static class FakePods extends PodService {
    final Map<String, PodView> pods = new LinkedHashMap<>();
    final List<NewPod> created = new ArrayList<>();
    final List<String> hidden = new ArrayList<>();
    boolean otherCallCreatesFirst;
    ApiException refusal;

    FakePods() {
      super(null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @Override
    public PodView get(Caller caller, String podId) {
      PodView pod = pods.get(podId);
      if (pod == null) {
        throw ApiException.notFound("Pod " + podId + " not found.");
      }
      return pod;
    }

    @Override
    public PodView create(Caller caller, NewPod request) {
      if (refusal != null) {
        throw refusal;
      }
      if (otherCallCreatesFirst) {
        otherCallCreatesFirst = false;
        pods.put(request.podId(), view(request.podId(), StatusRequested.ON));
      }
      if (pods.containsKey(request.podId()) || hidden.contains(request.podId())) {
        throw ApiException.conflict("Field pod_id: a pod named " + request.podId() + " exists.");
      }
      created.add(request);
      PodView pod = view(request.podId(), StatusRequested.ON);
      pods.put(request.podId(), pod);
      return pod;
    }

    @Override
    public PodView requestStatus(Caller caller, String podId, StatusRequested requested) {
      PodView pod = view(podId, requested);
      pods.put(podId, pod);
      return pod;
    }
  }
}
