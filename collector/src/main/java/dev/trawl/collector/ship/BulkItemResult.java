package dev.trawl.collector.ship;

/**
 * The answer for one action of a {@code _bulk} request.
 *
 * @param status HTTP-like status of the item
 * @param error the error's {@code type: reason}, or null
 */
public record BulkItemResult(int status, String error) {

  /** Stored now, or stored before (409 on a {@code create} whose {@code _id} exists). */
  public boolean delivered() {
    return (status >= 200 && status < 300) || status == 409;
  }

  /** Worth sending again: the indexer is overloaded or failing, not the document. */
  public boolean retryable() {
    return status == 429 || status >= 500;
  }
}
