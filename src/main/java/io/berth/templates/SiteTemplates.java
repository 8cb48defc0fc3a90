package io.berth.templates;

import io.berth.auth.SiteAdmin;
import io.berth.permissions.PermissionLevel;
import io.berth.permissions.Permissions;
import io.berth.permissions.SharedWith;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Imports the site's templates (the shipped ones and the YAML files of the site template directory,
 * as {@link TemplateCatalog} reads them) as templates of the site's tenant shared READ with the
 * whole site. A file whose content changed adds a tag ({@code latest}); an unchanged one adds
 * nothing, across restarts and across several Berth processes starting at once (each template is
 * compared and tagged under its row lock). A template made through the API keeps its id: a site
 * file of the same name is then not imported, and a warning says so.
 */
@Component
class SiteTemplates implements ApplicationRunner {
  static final String IMPORTER = "berth";
  private static final Duration RETRY = Duration.ofMinutes(1);
  private static final Logger log = LoggerFactory.getLogger(SiteTemplates.class);

  private final TemplateCatalog catalog;
  private final TemplateRepository repository;
  private final TemplateService service;
  private final Permissions permissions;
  private final SiteAdmin site;
  private final JsonMapper json;
  private final Clock clock;
  private final TransactionTemplate transaction;

  SiteTemplates(
      TemplateCatalog catalog,
      TemplateRepository repository,
      TemplateService service,
      Permissions permissions,
      SiteAdmin site,
      JsonMapper json,
      Clock clock,
      PlatformTransactionManager transactions) {
    this.catalog = catalog;
    this.repository = repository;
    this.service = service;
    this.permissions = permissions;
    this.site = site;
    this.json = json;
    this.clock = clock;
    this.transaction = new TransactionTemplate(transactions);
  }

  /**
   * Imports at start, but never stops Berth from starting: on a full disk or a database that is
   * briefly away the import is tried again every minute until it lands.
   */
  @Override
  public void run(ApplicationArguments args) {
    if (!tryImport()) {
      Thread.ofVirtual().name("site-templates-import").start(this::retryUntilImported);
    }
  }

  private boolean tryImport() {
    try {
      importAll();
      return true;
    } catch (RuntimeException e) {
      log.warn(
          "The site templates could not be imported now ({}); Berth tries again every minute.",
          e.getMessage());
      return false;
    }
  }

  private void retryUntilImported() {
    do {
      try {
        Thread.sleep(RETRY.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    } while (!tryImport());
  }

  /** Imports every site template; returns how many tags were added. */
  int importAll() {
    int added = 0;
    for (Template t : catalog.all()) {
      if (!TemplateRules.TEMPLATE_ID.matcher(t.name()).matches()
          || TemplateRules.RESERVED_IDS.contains(t.name())) {
        log.warn(
            "Site template {} is not offered through the templates API: its name is not a valid"
                + " template_id (^[a-z][a-z0-9]{{2,63}}$); pods can still name it as {}.",
            t.name(),
            t.reference());
        continue;
      }
      Boolean tagged = transaction.execute(status -> importOne(t));
      added += Boolean.TRUE.equals(tagged) ? 1 : 0;
    }
    return added;
  }

  private boolean importOne(Template t) {
    Instant now = clock.instant();
    repository.insert(
        new StoredTemplate(
            t.name(),
            site.siteTenant(),
            TemplateRules.description(shortened(t.description())),
            List.of("site"),
            "",
            IMPORTER,
            t.reference(),
            now,
            now));
    StoredTemplate stored = repository.lock(t.name()).orElseThrow();
    if (stored.siteFile() == null) {
      log.warn(
          "Site template {} is not imported: a template made through the API has that id.",
          t.name());
      return false;
    }
    permissions.grantAsSite(stored.resource(), SharedWith.SITE, PermissionLevel.READ);
    JsonNode definition = definition(t);
    String digest = digest(t);
    TemplateTag newest = repository.newestTag(t.name()).orElse(null);
    if (newest != null && digest.equals(newest.sourceDigest())) {
      return false;
    }
    service.append(
        t.name(),
        TemplateRules.LATEST,
        definition,
        "Imported from the site template " + t.reference() + ".",
        IMPORTER,
        digest);
    log.info("Site template {} imported as a new tag.", t.name());
    return true;
  }

  /** The tag's pod definition: the fields of the site template that Tapis's definition has. */
  JsonNode definition(Template t) {
    ObjectNode d = json.createObjectNode();
    d.put("image", t.image());
    if (t.description() != null) {
      d.put("description", shortened(t.description()));
    }
    if (!t.command().isEmpty()) {
      d.set("command", json.valueToTree(t.command()));
    }
    if (!t.environment().isEmpty()) {
      d.set("environment_variables", json.valueToTree(new TreeMap<>(t.environment())));
    }
    d.set("networking", json.valueToTree(new TreeMap<>(t.networking())));
    d.set("resources", json.valueToTree(t.resources()));
    return GivenValues.withoutNulls(d);
  }

  /**
   * The digest of everything the site template says, Berth's own fields included; map entries in
   * key order, since the catalog's maps iterate in an order that differs from run to run.
   */
  String digest(Template t) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  json.writer()
                      .with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                      .writeValueAsString(t)
                      .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String shortened(String text) {
    return text == null || text.length() <= 255 ? text : text.substring(0, 252) + "...";
  }
}
