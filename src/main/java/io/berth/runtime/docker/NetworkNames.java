package io.berth.runtime.docker;

import io.berth.runtime.JobKey;
import io.berth.runtime.PodKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic names of a pod's own network and of its bridge on the host. Bridge names share one
 * prefix per site ({@code brt} and a tag of the site), so the host firewall matches every pod
 * network of the site with one wildcard interface rule ({@code -i brtXYZ+}), and are at most 15
 * characters, the kernel's limit.
 */
public final class NetworkNames {
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
  private static final int SITE_TAG = 3;
  private static final int POD_TAG = 9;

  private NetworkNames() {}

  /** The pod's network: the same name as its container. */
  public static String network(String site, PodKey key) {
    return ContainerNames.name(site, key);
  }

  /** A job's network: the same name as its container. */
  public static String network(String site, JobKey key) {
    return JobContainers.name(site, key);
  }

  /** The network one user's jobs share (of a tenant, on a site). */
  public static String jobsNetwork(String site, String tenant, String owner) {
    return "berthjobs-"
        + clean(site)
        + "-"
        + clean(tenant)
        + "-"
        + clean(owner)
        + "-"
        + tag(site + "\0" + tenant + "\0" + owner, POD_TAG); // cleaning may merge two names
  }

  /** The bridge of a user's jobs' network, under the site's prefix as every other. */
  public static String jobsBridge(String site, String tenant, String owner, int attempt) {
    return bridgePrefix(site)
        + tag(site + "\0jobs\0" + tenant + "\0" + owner + "\0" + attempt, POD_TAG);
  }

  /** The bridge of a job's network: the site's prefix, so the same firewall rules fence it. */
  public static String bridge(String site, JobKey key, int attempt) {
    return bridgePrefix(site)
        + tag(site + "\0job\0" + key.tenant() + "\0" + key.jobId() + "\0" + attempt, POD_TAG);
  }

  /** The network one owner's pods share where the host keeps them apart (a tenant, a site). */
  public static String podsNetwork(String site, String tenant, String owner) {
    return "berthpods-"
        + clean(site)
        + "-"
        + clean(tenant)
        + "-"
        + clean(owner)
        + "-"
        + tag(site + "\0pods\0" + tenant + "\0" + owner, POD_TAG);
  }

  /**
   * The bridge of an owner's shared pod network: the site's prefix, then {@code 0}, which no other
   * tag holds (the alphabet has no 0), so the firewall tells these bridges apart by prefix.
   */
  public static String podsBridge(String site, String tenant, String owner, int attempt) {
    return sharedBridgePrefix(bridgePrefix(site))
        + tag(site + "\0pods\0" + tenant + "\0" + owner + "\0" + attempt, POD_TAG - 1);
  }

  /**
   * The subnet of an owner's shared pod network: a /20 (4,094 pods; an engine's own choice, a /24,
   * holds 254) in 10.90.0.0 - 10.127.255.255, picked by the owner's name; {@code attempt} picks
   * another when the engine finds it taken.
   */
  public static String podsSubnet(String site, String tenant, String owner, int attempt) {
    long bits =
        ByteBuffer.wrap(sha256(site + "\0pods\0" + tenant + "\0" + owner + "\0" + attempt))
            .getLong();
    int index = (int) Math.floorMod(bits, 38L * 16);
    return "10." + (90 + index / 16) + "." + (index % 16) * 16 + ".0/20";
  }

  /** The prefix of the shared pod bridges under a site's bridge prefix. */
  public static String sharedBridgePrefix(String bridgePrefix) {
    return bridgePrefix + "0";
  }

  /** The interface prefix of all the site's pod bridges. */
  public static String bridgePrefix(String site) {
    return "brt" + tag(site, SITE_TAG);
  }

  /**
   * The bridge of a pod's network; {@code attempt} picks another when a name is taken (two pods
   * whose tags collide, 1 in 2^45).
   */
  public static String bridge(String site, PodKey key, int attempt) {
    return bridgePrefix(site)
        + tag(site + "\0" + key.tenant() + "\0" + key.podId() + "\0" + attempt, POD_TAG);
  }

  /** The site's tag in upper case, for the names of its firewall chains. */
  public static String siteTag(String site) {
    return tag(site, SITE_TAG).toUpperCase(java.util.Locale.ROOT);
  }

  private static String clean(String part) {
    return part.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_.-]", "_");
  }

  private static String tag(String text, int length) {
    long bits = ByteBuffer.wrap(sha256(text)).getLong();
    StringBuilder tag = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      tag.append(ALPHABET.charAt((int) (bits >>> (59 - 5 * i)) & 31));
    }
    return tag.toString();
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
