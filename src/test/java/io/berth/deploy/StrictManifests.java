package io.berth.deploy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * YAML documents read into fabric8's typed models, strictly: fabric8 keeps unknown fields in {@code
 * additionalProperties}, so its any-setters are removed and an unknown field (a typo, a field at
 * the wrong level) fails. Only the kinds Berth's manifests use are known; another kind fails too.
 */
final class StrictManifests {
  private static final Map<String, Class<? extends HasMetadata>> KINDS =
      Map.ofEntries(
          Map.entry("v1/Namespace", Namespace.class),
          Map.entry("v1/ServiceAccount", ServiceAccount.class),
          Map.entry("v1/ConfigMap", ConfigMap.class),
          Map.entry("v1/Secret", Secret.class),
          Map.entry("v1/Service", Service.class),
          Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
          Map.entry("apps/v1/Deployment", Deployment.class),
          Map.entry("apps/v1/StatefulSet", StatefulSet.class),
          Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
          Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
          Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
          Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
          Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", ClusterRole.class),
          Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", ClusterRoleBinding.class));

  /** What a {@code $patch: delete} document may hold besides the directive. */
  private static final Set<String> DELETE_PATCH_FIELDS = Set.of("apiVersion", "kind", "metadata");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper STRICT = strictMapper();

  private StrictManifests() {}

  /** Every document of a YAML stream (empty documents skipped), typed. */
  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> result = new ArrayList<>();
    for (JsonNode document : documents(yaml)) {
      result.add(typed(document));
    }
    return result;
  }

  static List<JsonNode> documents(String yaml) {
    try (var parser = YAML.createParser(yaml)) {
      List<JsonNode> documents = new ArrayList<>();
      var values = YAML.readValues(parser, JsonNode.class);
      while (values.hasNextValue()) {
        JsonNode node = values.nextValue();
        if (node != null && !node.isNull() && !node.isMissingNode()) {
          documents.add(node);
        }
      }
      return documents;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static HasMetadata typed(JsonNode document) {
    if (!document.isObject()) {
      throw new IllegalArgumentException("a manifest must be a mapping, not " + document);
    }
    ObjectNode node = ((ObjectNode) document).deepCopy();
    if (node.has("$patch")) {
      if (!"delete".equals(node.get("$patch").asText())) {
        throw new IllegalArgumentException(
            "only $patch: delete is used, not " + node.get("$patch"));
      }
      node.remove("$patch");
      node.fieldNames()
          .forEachRemaining(name -> {
            if (!DELETE_PATCH_FIELDS.contains(name)) {
              throw new IllegalArgumentException("a delete patch holds only its id, not " + name);
            }
          });
    }
    String key = node.path("apiVersion").asText() + "/" + node.path("kind").asText();
    Class<? extends HasMetadata> type = KINDS.get(key);
    if (type == null) {
      throw new IllegalArgumentException("unexpected kind " + key);
    }
    try {
      return STRICT.treeToValue(node, type);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          key + " " + node.path("metadata").path("name").asText() + ": " + e.getMessage(), e);
    }
  }

  private static ObjectMapper strictMapper() {
    SimpleModule noAnySetters = new SimpleModule("no-any-setters");
    noAnySetters.setDeserializerModifier(
        new BeanDeserializerModifier() {
          @Override
          public BeanDeserializerBuilder updateBuilder(
              DeserializationConfig config,
              BeanDescription description,
              BeanDeserializerBuilder builder) {
            builder.setAnySetter(null);
            return builder;
          }
        });
    return new ObjectMapper()
        .registerModule(noAnySetters)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
  }
}
