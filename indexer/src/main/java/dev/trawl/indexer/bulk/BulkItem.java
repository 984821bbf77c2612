package dev.trawl.indexer.bulk;

/**
 * One action of a {@code _bulk} request.
 *
 * @param line 1-based line number of the action line, for error messages
 * @param documentLine 1-based line number of the document line (0 when there is none), for the
 *     mapper's errors: the document is checked when it is parsed, once
 * @param op {@code create}, {@code index}, or the unsupported op as written
 * @param index target index (stream) name
 * @param id the document id; null for {@code index} without one (then generated)
 * @param source the document JSON
 * @param error why the item fails before it is stored, or null
 * @param errorType Elasticsearch's error type for {@code error}: {@code illegal_argument_exception},
 *     or {@code invalid_index_name_exception} for a name Elasticsearch would refuse
 */
public record BulkItem(int line, int documentLine, String op, String index, String id, byte[] source, String error,
    String errorType) {
  static final String BAD_ACTION = "illegal_argument_exception";

  public boolean isCreate() {
    return op.equals("create");
  }
}
