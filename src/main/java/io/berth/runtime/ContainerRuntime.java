package io.berth.runtime;

import java.util.List;
import java.util.Optional;

public interface ContainerRuntime {
  ObservedPod apply(PodSpec spec);

  Optional<ObservedPod> observe(PodKey key);

  List<ObservedPod> observeAll();

  void remove(PodKey key);

  String tail(PodKey key, int maxBytes);

  String name();
}
