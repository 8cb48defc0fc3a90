package io.berth.testing;

import org.springframework.core.env.Environment;
import org.springframework.test.annotation.DirtiesContext.HierarchyMode;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * After a test class whose Berth ran on the test engine under a site of its own: closes that Berth
 * (its context serves no other class) and then removes what the site left on the host. Closed
 * first, so its reconciler makes nothing after the removal; otherwise Spring would close it only
 * when the test JVM exits, and the site's networks and firewall rules would stay behind.
 */
public class TestSiteCleanup implements TestExecutionListener {
  /** The shipped default: never removed, as a real Berth on this host may use it. */
  private static final String DEFAULT_SITE = "berth";

  @Override
  public void afterTestClass(TestContext testContext) {
    if (!testContext.hasApplicationContext()) {
      return;
    }
    Environment environment = testContext.getApplicationContext().getEnvironment();
    String site = environment.getProperty("berth.site", DEFAULT_SITE);
    if (site.equals(DEFAULT_SITE) || !environment.containsProperty("berth.runtime.engine-host")) {
      return;
    }
    testContext.markApplicationContextDirty(HierarchyMode.EXHAUSTIVE);
    TestEngine.removeSite(site);
  }
}
