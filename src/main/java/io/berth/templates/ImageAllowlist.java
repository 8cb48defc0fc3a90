package io.berth.templates;

import io.berth.web.ApiException;
import io.berth.web.Descriptions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which images a tenant may run: site-wide patterns from configuration plus the tenant's own
 * entries, which tenant admins manage through the API. Template images are always allowed, since
 * the site curates templates.
 */
@Service
public class ImageAllowlist {
  private static final String SELECT =
      "select pattern, tenant, description, added_by, creation_ts from image_allowlist";

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
      entries.add(siteEntry(p));
    }
    entries.addAll(
        jdbc.sql(SELECT + " where tenant = ? order by pattern")
            .param(tenant)
            .query(ImageAllowlist::entry)
            .list());
    return entries;
  }

  /** One entry by its pattern: the tenant's own, else a site-wide one; 404 when neither. */
  public ImageEntry get(String tenant, String pattern) {
    return jdbc.sql(SELECT + " where tenant = ? and pattern = ?")
        .params(tenant, pattern)
        .query(ImageAllowlist::entry)
        .optional()
        .or(() ->
            siteWide.stream()
                .filter(p -> p.glob().equals(pattern))
                .findFirst()
                .map(ImageAllowlist::siteEntry))
        .orElseThrow(() -> notAllowed(pattern));
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
    if (entry.tenants() != null && entry.tenants().stream().anyMatch(t -> !tenant.equals(t))) {
      throw ApiException.forbidden(
          "Field tenants may name only your own tenant ("
              + tenant
              + "): site-wide entries come from BERTH_IMAGE_ALLOWLIST.");
    }
    String description = description(entry.description());
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
    return new ImageEntry(entry.image(), List.of(tenant), description, user, now);
  }

  /**
   * {@code POST /v3/pods/images/bulk}: all or nothing; a pattern already allowed fails the whole
   * request unless {@code skipDuplicates}, when it is left out of the answer.
   */
  @Transactional
  public List<ImageEntry> addAll(
      String tenant, String user, List<NewImageEntry> entries, boolean skipDuplicates) {
    if (entries == null || entries.isEmpty()) {
      throw ApiException.badRequest("The request body must be a non-empty list of images.");
    }
    List<ImageEntry> added = new ArrayList<>();
    for (NewImageEntry entry : entries) {
      boolean present =
          entry != null && entry.image() != null && tenantPatterns(tenant).contains(entry.image());
      if (present && skipDuplicates) {
        continue;
      }
      added.add(add(tenant, user, entry));
    }
    return added;
  }

  public ImageEntry describe(String tenant, String pattern, ImageUpdate update) {
    if (update == null || update.description() == null) {
      throw ApiException.badRequest("Field description is required: the image's new description.");
    }
    int changed =
        jdbc.sql("update image_allowlist set description = ? where tenant = ? and pattern = ?")
            .params(description(update.description()), tenant, pattern)
            .update();
    if (changed == 0) {
      throw siteWideOrMissing(pattern);
    }
    return get(tenant, pattern);
  }

  public void remove(String tenant, String pattern) {
    int removed =
        jdbc.sql("delete from image_allowlist where tenant = ? and pattern = ?")
            .params(tenant, pattern)
            .update();
    if (removed == 0) {
      throw siteWideOrMissing(pattern);
    }
  }

  private ApiException siteWideOrMissing(String pattern) {
    boolean siteWideEntry = siteWide.stream().anyMatch(p -> p.glob().equals(pattern));
    return siteWideEntry
        ? ApiException.conflict(
            "Image pattern "
                + pattern
                + " is site-wide configuration; change BERTH_IMAGE_ALLOWLIST.")
        : notAllowed(pattern);
  }

  private static ApiException notAllowed(String pattern) {
    return ApiException.notFound("Image pattern " + pattern + " is not on the allowlist.");
  }

  private static String description(String description) {
    return Descriptions.check("description", description);
  }

  private static ImageEntry siteEntry(ImagePattern p) {
    return new ImageEntry(
        p.glob(), List.of(ImageEntry.SITE_WIDE), "site-wide (configuration)", "site", null);
  }

  private static ImageEntry entry(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new ImageEntry(
        rs.getString(1),
        List.of(rs.getString(2)),
        rs.getString(3),
        rs.getString(4),
        rs.getTimestamp(5).toInstant());
  }

  private List<String> tenantPatterns(String tenant) {
    return jdbc.sql("select pattern from image_allowlist where tenant = ?")
        .param(tenant)
        .query(String.class)
        .list();
  }
}
