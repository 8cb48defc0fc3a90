package io.berth.web;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts {@link EnvelopeErrorReportValve} on Tomcat's host in place of the HTML error report valve
 * (Tomcat's own and the one Spring Boot adds), so even errors the connector answers before any
 * servlet runs are the API's envelope. Runs after Spring Boot's customizer.
 */
@Configuration(proxyBeanMethods = false)
class ErrorPagesConfig
    implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addContextCustomizers(context -> replaceErrorReportValve(context.getParent()));
  }

  static void replaceErrorReportValve(Container host) {
    for (Valve valve : host.getPipeline().getValves()) {
      if (valve instanceof ErrorReportValve) {
        host.getPipeline().removeValve(valve);
      }
    }
    host.getPipeline().addValve(new EnvelopeErrorReportValve());
    if (host instanceof StandardHost standard) {
      // the host adds its own valve at start unless one of this class is there already
      standard.setErrorReportValveClass(EnvelopeErrorReportValve.class.getName());
    }
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
