package dev.trawl.indexer.store;

import org.apache.lucene.document.Document;

/**
 * A document ready for Lucene.
 *
 * @param ignoredFields values kept only in {@code _source} (a type conflict, the field cap, an
 *     over-long keyword), each named in {@code _ignored}
 */
public record MappedDocument(Document document, int ignoredFields) {}
