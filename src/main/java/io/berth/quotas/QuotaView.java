package io.berth.quotas;

import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A user's quotas: per quota its limit, what the user holds now, and whether the limit is the
 * site's default or set for this user.
 */
public record QuotaView(String tenant, String user, Map<String, Line> quotas) {

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Line(long limit, long used, boolean siteDefault) {}
}
