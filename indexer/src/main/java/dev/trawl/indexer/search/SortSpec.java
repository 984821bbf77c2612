package dev.trawl.indexer.search;

/** One sort key: a field (or {@code _score}, {@code _doc}) and its direction. */
public record SortSpec(String field, boolean descending) {}
