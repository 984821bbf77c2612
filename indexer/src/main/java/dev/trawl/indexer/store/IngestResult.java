package dev.trawl.indexer.store;

/**
 * What became of one document.
 *
 * @param status 201 created, 200 replaced, 409 exists, 400 rejected, 429 refused for now (disk full)
 * @param result Elasticsearch's {@code result} word, or null for errors
 * @param errorType Elasticsearch's error type, or null
 * @param reason the error's reason, or null
 */
public record IngestResult(int status, String result, String errorType, String reason) {
  static IngestResult created() {
    return new IngestResult(201, "created", null, null);
  }

  static IngestResult updated() {
    return new IngestResult(200, "updated", null, null);
  }

  static IngestResult exists(String id) {
    return new IngestResult(409, null, "version_conflict_engine_exception",
        "[" + id + "]: version conflict, document already exists (current version [1])");
  }

  /** Elasticsearch's answer past its flood-stage disk watermark: the client retries later. */
  static IngestResult diskFull(long usableBytes) {
    return new IngestResult(429, null, "cluster_block_exception", "index blocked by: [TOO_MANY_REQUESTS/12/disk usage"
        + " exceeded: " + usableBytes + " bytes free on the data directory, under data.min_free_bytes; retry once space"
        + " is freed]");
  }

  public static IngestResult rejected(String type, String reason) {
    return new IngestResult(400, null, type, reason);
  }
}
