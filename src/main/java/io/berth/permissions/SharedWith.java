package io.berth.permissions;

/**
 * The special principals a sharable resource (a template) can be granted to, as Tapis's TENANT and
 * SITE keys: {@code *tenant} is every user of the resource's own tenant, {@code *site} every user
 * of every tenant of the site. They hold READ only (see and use, never change), so a user who
 * happened to carry such a name would gain nothing everyone else does not hold. Only a site admin
 * may grant {@code *site}: the feature checks that, this package has no notion of the site.
 */
public final class SharedWith {
  public static final String TENANT = "*tenant";
  public static final String SITE = "*site";

  private SharedWith() {}

  public static boolean isSpecial(String user) {
    return TENANT.equals(user) || SITE.equals(user);
  }
}
