/** The Elasticsearch search subset: request parsing, query DSL to Lucene, execution, response rendering. */
package dev.trawl.indexer.search;
