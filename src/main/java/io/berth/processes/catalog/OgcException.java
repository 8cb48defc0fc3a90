package io.berth.processes.catalog;

import org.springframework.http.HttpStatus;

/**
 * A refusal of the OGC API, answered as an RFC 7807 exception document ({@code type}, {@code
 * title}, {@code status}, {@code detail}) with the exception types OGC defines where it defines
 * one; {@code detail} names the field and the rule.
 */
public class OgcException extends RuntimeException {
  private static final String PART1 =
      "http://www.opengis.net/def/exceptions/ogcapi-processes-1/1.0/";
  private static final String PART2 =
      "http://www.opengis.net/def/exceptions/ogcapi-processes-2/1.0/";
  public static final String NO_SUCH_PROCESS = PART1 + "no-such-process";
  public static final String NO_SUCH_JOB = PART1 + "no-such-job";
  public static final String RESULT_NOT_READY = PART1 + "result-not-ready";
  public static final String DUPLICATED_PROCESS = PART2 + "duplicated-process";
  public static final String IMMUTABLE_PROCESS = PART2 + "immutable-process";
  public static final String UNSUPPORTED_MEDIA_TYPE = PART2 + "unsupported-media-type";

  /** OGC Web Services' exception codes, which OGC API - Processes refers to for input errors. */
  public static final String INVALID_PARAMETER = "InvalidParameterValue";

  public static final String MISSING_PARAMETER = "MissingParameterValue";
  public static final String NO_APPLICABLE_CODE = "NoApplicableCode";

  /** RFC 7807: no more than the status says. */
  public static final String GENERIC = "about:blank";

  private final HttpStatus status;
  private final String type;

  public OgcException(HttpStatus status, String type, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.type = type;
  }

  public HttpStatus status() {
    return status;
  }

  public String type() {
    return type;
  }

  public static OgcException invalid(String detail) {
    return new OgcException(HttpStatus.BAD_REQUEST, INVALID_PARAMETER, detail);
  }

  public static OgcException missing(String detail) {
    return new OgcException(HttpStatus.BAD_REQUEST, MISSING_PARAMETER, detail);
  }

  /** Well-formed but not something this site runs (an unsupported feature of a package). */
  public static OgcException unprocessable(String detail) {
    return new OgcException(HttpStatus.UNPROCESSABLE_CONTENT, INVALID_PARAMETER, detail);
  }

  public static OgcException noSuchProcess(String id) {
    return new OgcException(
        HttpStatus.NOT_FOUND, NO_SUCH_PROCESS, "Process " + id + " does not exist.");
  }

  public static OgcException noSuchJob(String id) {
    return new OgcException(HttpStatus.NOT_FOUND, NO_SUCH_JOB, "Job " + id + " does not exist.");
  }

  public static OgcException forbidden(String detail) {
    return new OgcException(HttpStatus.FORBIDDEN, GENERIC, detail);
  }
}
