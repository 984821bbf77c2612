package dev.trawl.indexer.search;

/**
 * One sort key: a field (or {@code _score}, {@code _doc}) and its direction.
 *
 * @param unmappedType how to sort when no searched partition has the field ({@code long},
 *     {@code keyword}, …), or null
 */
public record SortSpec(String field, boolean descending, String unmappedType) {}
