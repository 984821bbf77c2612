package dev.trawl.indexer.bulk;

/**
 * One action of a {@code _bulk} request.
 *
 * @param line 1-based line number of the action line, for error messages
 * @param op {@code create}, {@code index}, or the unsupported op as written
 * @param index target index (stream) name
 * @param id the document id; null for {@code index} without one (then generated)
 * @param source the document JSON
 * @param error why the item fails before it is stored, or null
 * @param errorType Elasticsearch's error type for {@code error}: {@code mapper_parsing_exception} for a
 *     document line that is not a JSON object, {@code illegal_argument_exception} for the action
 */
public record BulkItem(int line, String op, String index, String id, byte[] source, String error, String errorType) {
  static final String BAD_ACTION = "illegal_argument_exception";
  static final String BAD_DOCUMENT = "mapper_parsing_exception";

  public boolean isCreate() {
    return op.equals("create");
  }
}
