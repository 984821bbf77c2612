package dev.trawl.indexer.store;

import org.apache.lucene.document.Document;

/** A document ready for Lucene, with the timestamp that picks its partition. */
record MappedDocument(Document document, long timestampNanos) {}
