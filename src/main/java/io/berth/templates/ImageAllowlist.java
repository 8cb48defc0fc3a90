package io.berth.templates;

import io.berth.web.ApiException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Which images a tenant may run: site-wide patterns from configuration plus the tenant's own
 * entries, which tenant admins manage through the API. Template images are always allowed, since
 * the site curates templates.
 */
@Service
public class ImageAllowlist {
  private final List<ImagePattern> siteWide;
  private final JdbcClient jdbc;

  public ImageAllowlist(TemplatesProperties properties, JdbcClient jdbc) {
    this.siteWide = properties.imageAllowlist().stream().map(ImageAllowlist::sitePattern).toList();
    this.jdbc = jdbc;
  }

  private static ImagePattern sitePattern(String glob) {
    if (!ImagePattern.isWellFormed(glob)) {
      throw new IllegalStateException(
          "BERTH_IMAGE_ALLOWLIST entry '" + glob + "' is not a valid image pattern");
    }
    return ImagePattern.of(glob);
  }

  public boolean allows(String tenant, String image) {
    if (siteWide.stream().anyMatch(p -> p.matches(image))) {
      return true;
    }
    return tenantPatterns(tenant).stream().anyMatch(p -> ImagePattern.of(p).matches(image));
  }

  public List<ImageEntry> list(String tenant) {
    List<ImageEntry> entries = new ArrayList<>();
    for (ImagePattern p : siteWide) {
      entries.add(
          new ImageEntry(
              p.glob(), ImageEntry.SITE_WIDE, "site-wide (configuration)", "site", null));
    }
    entries.addAll(
        jdbc.sql(
                "select pattern, tenant, description, added_by, creation_ts from image_allowlist"
                    + " where tenant = ? order by pattern")
            .param(tenant)
            .query((rs, i) ->
                new ImageEntry(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getTimestamp(5).toInstant()))
            .list());
    return entries;
  }

  public ImageEntry add(String tenant, String user, NewImageEntry entry) {
    if (entry == null || entry.image() == null || entry.image().isBlank()) {
      throw ApiException.badRequest("Field image is required: a glob pattern of image references.");
    }
    if (!ImagePattern.isWellFormed(entry.image())) {
      throw ApiException.badRequest(
          "Field image must be an image reference or glob pattern of at most 512 characters"
              + " from letters, digits and . _ : / @ * ? -");
    }
    String description = entry.description() == null ? "" : entry.description();
    if (description.length() > 255) {
      throw ApiException.badRequest("Field description must be at most 255 characters.");
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    try {
      jdbc.sql(
              "insert into image_allowlist (tenant, pattern, description, added_by, creation_ts)"
                  + " values (?, ?, ?, ?, ?)")
          .params(tenant, entry.image(), description, user, java.sql.Timestamp.from(now))
          .update();
    } catch (DuplicateKeyException e) {
      throw ApiException.conflict("Image pattern " + entry.image() + " is already allowed.");
    }
    return new ImageEntry(entry.image(), tenant, description, user, now);
  }

  public void remove(String tenant, String pattern) {
    int removed =
        jdbc.sql("delete from image_allowlist where tenant = ? and pattern = ?")
            .params(tenant, pattern)
            .update();
    if (removed == 0) {
      boolean siteWideEntry = siteWide.stream().anyMatch(p -> p.glob().equals(pattern));
      throw siteWideEntry
          ? ApiException.conflict(
              "Image pattern "
                  + pattern
                  + " is site-wide configuration; change BERTH_IMAGE_ALLOWLIST.")
          : ApiException.notFound("Image pattern " + pattern + " is not on the allowlist.");
    }
  }

  private List<String> tenantPatterns(String tenant) {
    return jdbc.sql("select pattern from image_allowlist where tenant = ?")
        .param(tenant)
        .query(String.class)
        .list();
  }
}
