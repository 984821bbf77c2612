package dev.trawl.queryui.metricsapi;

/** A failure answered as a Kubernetes {@code Status} object, as the API server would. */
final class KubeApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int code;
  private final String reason;

  KubeApiException(int code, String reason, String message) {
    super(message);
    this.code = code;
    this.reason = reason;
  }

  static KubeApiException badRequest(String message) {
    return new KubeApiException(400, "BadRequest", message);
  }

  static KubeApiException notFound(String message) {
    return new KubeApiException(404, "NotFound", message);
  }

  int code() {
    return code;
  }

  String reason() {
    return reason;
  }
}
