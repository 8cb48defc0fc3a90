package io.berth.runtime.kubernetes;

import io.berth.runtime.PodKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Deterministic names, labels and annotations of everything Berth makes in the cluster: the same
 * pod always maps to the same names, so a repeated apply finds what the first one made and the API
 * server refuses a second one. Names and label values are cut to Kubernetes' 63 characters with a
 * hash of the whole, so long ids stay distinct; the exact ids travel in annotations.
 */
public final class ObjectNames {
  public static final String SITE = "io.berth.site";
  public static final String TENANT = "io.berth.tenant";
  public static final String POD = "io.berth.pod";
  public static final String GENERATION = "io.berth.generation";
  public static final String MANAGED = "io.berth.managed";
  public static final String STORAGE = "io.berth.storage";
  public static final String COMPONENT = "app.kubernetes.io/component";
  public static final String JOB = "io.berth.job";
  static final String JOB_KIND = "job";
  private static final int MAX = 63;

  private ObjectNames() {}

  /** The Pod, its Service and its Ingress share this name. */
  public static String pod(String site, PodKey key) {
    return dnsLabel("berth-" + site + "-" + key.tenant() + "-" + key.podId());
  }

  /** A job's Pod: named apart from pods ({@code berthjob-}), so the two never collide. */
  public static String job(String site, io.berth.runtime.JobKey key) {
    return dnsLabel("berthjob-" + site + "-" + key.tenant() + "-" + key.jobId());
  }

  /** What selects the job Pods of a site (the pods' informer leaves them out). */
  public static Map<String, String> jobSelector(String site) {
    return Map.of(SITE, labelValue(site), MANAGED, JOB_KIND);
  }

  public static Map<String, String> jobLabels(String site, io.berth.runtime.JobKey key) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(SITE, labelValue(site));
    labels.put(TENANT, labelValue(key.tenant()));
    labels.put(JOB, labelValue(key.jobId()));
    labels.put(MANAGED, JOB_KIND);
    labels.put(COMPONENT, "job");
    labels.put("app.kubernetes.io/managed-by", "berth");
    return labels;
  }

  public static String envSecret(String site, PodKey key) {
    return dnsLabel("berth-" + site + "-" + key.tenant() + "-" + key.podId() + "-env");
  }

  public static String claim(String storageId) {
    return dnsLabel("berth-" + storageId);
  }

  /**
   * The tenant a storage id belongs to: {@code vol-<tenant>-<id>}, {@code snap-<tenant>-<id>} or
   * {@code pod-<tenant>-<pod>-data<n>}. Volume, snapshot and pod ids have no dashes, so the tenant
   * is what lies between the kind and the last segments, dashes and all.
   */
  public static String storageTenant(String storageId) {
    String rest = storageId.substring(storageId.indexOf('-') + 1);
    if (storageId.startsWith("pod-")) {
      rest = rest.replaceFirst("-data[0-9]+$", "");
    }
    int last = rest.lastIndexOf('-');
    if (last <= 0) {
      throw new IllegalArgumentException("invalid storage id " + storageId);
    }
    return rest.substring(0, last);
  }

  /** The namespace of a storage's claim: its tenant's, as for the pods that mount it. */
  public static String storageNamespace(KubernetesProperties properties, String storageId) {
    return namespace(properties, storageTenant(storageId));
  }

  public static String networkPolicy(String site, String tenant) {
    return dnsLabel("berth-" + site + "-" + tenant + "-isolation");
  }

  public static String namespace(KubernetesProperties properties, String tenant) {
    return properties.namespacePerTenant()
        ? dnsLabel(properties.namespace() + "-" + tenant)
        : properties.namespace();
  }

  /** What selects Berth's pods of a site: the informers' filter. */
  public static Map<String, String> siteSelector(String site) {
    return Map.of(SITE, labelValue(site), MANAGED, "true");
  }

  /** What selects the site's objects of one component (storage claims, helpers). */
  static Map<String, String> componentSelector(String site, String component) {
    return Map.of(SITE, labelValue(site), MANAGED, "true", COMPONENT, component);
  }

  /** What selects one Berth pod: its Service's selector. */
  public static Map<String, String> podSelector(String site, PodKey key) {
    Map<String, String> selector = new LinkedHashMap<>();
    selector.put(SITE, labelValue(site));
    selector.put(TENANT, labelValue(key.tenant()));
    selector.put(POD, labelValue(key.podId()));
    return selector;
  }

  public static Map<String, String> labels(String site, PodKey key, long generation) {
    Map<String, String> labels = new LinkedHashMap<>(podSelector(site, key));
    labels.put(GENERATION, Long.toString(generation));
    labels.put(MANAGED, "true");
    labels.put(COMPONENT, "pod");
    labels.put("app.kubernetes.io/managed-by", "berth");
    return labels;
  }

  /** The exact tenant and pod id, which labels may have had to shorten. */
  public static Map<String, String> annotations(PodKey key) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(TENANT, key.tenant());
    annotations.put(POD, key.podId());
    return annotations;
  }

  /** A valid label value: the text itself when it fits, else a cut with a hash of the whole. */
  public static String labelValue(String text) {
    String clean = text.replaceAll("[^A-Za-z0-9_.-]", "_");
    if (clean.length() <= MAX && clean.equals(text) && alnumEnds(clean)) {
      return clean;
    }
    String head =
        clean.substring(0, Math.min(clean.length(), MAX - 9)).replaceAll("^[^A-Za-z0-9]+", "");
    return head.replaceAll("[^A-Za-z0-9]+$", "") + "-" + hash(text);
  }

  /** A valid DNS-1123 label (the strictest object name rule), cut with a hash when too long. */
  static String dnsLabel(String text) {
    String clean = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    if (clean.length() <= MAX && clean.equals(text) && alnumEnds(clean)) {
      return clean;
    }
    String head = clean.substring(0, Math.min(clean.length(), MAX - 9)).replaceAll("-+$", "");
    return head + "-" + hash(text);
  }

  private static boolean alnumEnds(String s) {
    return !s.isEmpty()
        && Character.isLetterOrDigit(s.charAt(0))
        && Character.isLetterOrDigit(s.charAt(s.length() - 1));
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
