package io.berth.processes.jobs;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An input given by reference to a file or directory of a Berth volume: Berth's own download URL
 * ({@code <base>/v3/pods/volumes/<id>/download/<path>}, as job outputs are referred to), stored as
 * {@code berth-volume:<id>/<path>} once recognised, and read as the job's owner.
 */
public record VolumeReference(String volumeId, String path) {
  public static final String SCHEME = "berth-volume:";
  private static final Pattern DOWNLOAD =
      Pattern.compile("^/v3/pods/volumes/([a-z][a-z0-9]{2,63})/download/(.*)$");

  /** From a download URL of this Berth ({@code base} is its scheme, host and port); else null. */
  public static VolumeReference fromUrl(String href, String base) {
    URI uri;
    try {
      uri = URI.create(href);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (uri.getPath() == null || !href.startsWith(base + "/")) {
      return null;
    }
    Matcher m = DOWNLOAD.matcher(uri.getPath());
    return m.matches() ? new VolumeReference(m.group(1), m.group(2)) : null;
  }

  public static VolumeReference parse(String href) {
    if (href == null || !href.startsWith(SCHEME)) {
      return null;
    }
    String rest = href.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    return slash < 0
        ? new VolumeReference(rest, "")
        : new VolumeReference(rest.substring(0, slash), rest.substring(slash + 1));
  }

  public String href() {
    return SCHEME + volumeId + "/" + path;
  }

  @Override
  public String toString() {
    return "volume " + volumeId + " path " + path;
  }
}
