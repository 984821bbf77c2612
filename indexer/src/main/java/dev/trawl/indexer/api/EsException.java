package dev.trawl.indexer.api;

/**
 * An error answered in Elasticsearch's shape:
 * {@code {"error":{"root_cause":[…],"type":…,"reason":…},"status":…}}. The one place error types
 * live; the factories name the Elasticsearch type each condition maps to.
 */
public final class EsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;

  public EsException(int status, String type, String reason) {
    super(reason);
    this.status = status;
    this.type = type;
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public static EsException parsing(String reason) {
    return new EsException(400, "parsing_exception", reason);
  }

  /** A date or date math that cannot be read: Elasticsearch's {@code parse_exception}. */
  public static EsException dateParse(String reason) {
    return new EsException(400, "parse_exception", reason);
  }

  public static EsException illegalArgument(String reason) {
    return new EsException(400, "illegal_argument_exception", reason);
  }

  public static EsException queryShard(String reason) {
    return new EsException(400, "query_shard_exception", reason);
  }

  public static EsException indexNotFound(String index) {
    return new EsException(404, "index_not_found_exception", "no such index [" + index + "]");
  }

  public static EsException unauthorized() {
    return new EsException(401, "security_exception", "missing or wrong bearer token");
  }

  public static EsException notFound(String method, String path) {
    return new EsException(404, "no_handler_found_exception",
        "no handler found for uri [" + path + "] and method [" + method + "]");
  }

  public static EsException methodNotAllowed(String method, String path) {
    return new EsException(405, "method_not_allowed_exception",
        "Incorrect HTTP method for uri [" + path + "] and method [" + method + "]");
  }
}
