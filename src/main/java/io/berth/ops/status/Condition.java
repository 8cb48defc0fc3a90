package io.berth.ops.status;

import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One condition of a check, as Gatus writes them: {@code [STATUS] == 200}, {@code [RESPONSE_TIME] <
 * 500}, {@code [BODY].status == success}, {@code [CERTIFICATE_EXPIRATION] > 48h}, {@code
 * [CONNECTED] == true}. Each returns why it failed, or null when it holds.
 */
sealed interface Condition {
  String failure(Observation seen, Instant now);

  String text();

  record Status(Comparison comparison, String text) implements Condition {
    @Override
    public String failure(Observation seen, Instant now) {
      return seen.connected() && comparison.test(seen.status())
          ? null
          : "status " + seen.status() + " is not " + comparison;
    }
  }

  record ResponseTime(Comparison comparison, String text) implements Condition {
    @Override
    public String failure(Observation seen, Instant now) {
      return comparison.test(seen.millis())
          ? null
          : "response time " + seen.millis() + " ms is not " + comparison;
    }
  }

  record Connected(boolean expected, String text) implements Condition {
    @Override
    public String failure(Observation seen, Instant now) {
      return seen.connected() == expected
          ? null
          : (expected ? "could not connect: " + seen.error() : "connected");
    }
  }

  record CertificateExpiration(String operator, Duration threshold, String text)
      implements Condition {
    @Override
    public String failure(Observation seen, Instant now) {
      if (seen.certificateExpiry() == null) {
        return "no certificate was presented";
      }
      long left = Duration.between(now, seen.certificateExpiry()).toSeconds();
      return new Comparison(operator, threshold.toSeconds()).test(left)
          ? null
          : "certificate expires in "
              + Duration.ofSeconds(left)
              + ", not "
              + operator
              + " "
              + threshold;
    }
  }

  /** A JSON pointer into the body (written {@code [BODY].a.b[0].c}) compared as text or number. */
  record BodyPath(String pointer, String operator, String expected, String text)
      implements Condition {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public String failure(Observation seen, Instant now) {
      if (seen.body() == null) {
        return "no body to read " + (pointer.isEmpty() ? "" : pointer + " ") + "from";
      }
      if (pointer.isEmpty()) {
        return compare(seen.body().trim()) ? null : "the body is not " + operator + " " + expected;
      }
      JsonNode node;
      try {
        node = JSON.readTree(seen.body()).at(pointer);
      } catch (RuntimeException e) {
        return "the body is not JSON";
      }
      if (node.isMissingNode()) {
        return "the body has nothing at " + pointer;
      }
      String actual = node.isValueNode() ? node.asString() : node.toString();
      return compare(actual)
          ? null
          : pointer + " is " + actual + ", not " + operator + " " + expected;
    }

    private boolean compare(String actual) {
      return switch (operator) {
        case "==" -> actual.equals(expected);
        case "!=" -> !actual.equals(expected);
        default ->
            numeric(actual)
                && numeric(expected)
                && new Comparison(operator, Double.parseDouble(expected))
                    .test(Double.parseDouble(actual));
      };
    }

    private static boolean numeric(String s) {
      try {
        Double.parseDouble(s);
        return true;
      } catch (NumberFormatException e) {
        return false;
      }
    }
  }
}
