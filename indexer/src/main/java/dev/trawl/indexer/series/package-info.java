/**
 * A container's fields held once per series rather than once per document. The fields the
 * collector sets per container ({@code kubernetes.*}, {@code container.*}, {@code stream},
 * {@code log.file.path}) take the same values on every line of a container, yet each was a term
 * and a doc value of its own in every document. A document now holds them as one key, its series
 * ({@link dev.trawl.indexer.series.SeriesKey}), indexed and kept in doc values once; and a reader
 * ({@link dev.trawl.indexer.series.SeriesReader}) gives each field back, per segment, as terms,
 * postings and doc values of its own, so queries, aggregations, sorts and sources read them as
 * before. Loki keeps labels per stream for the same reason.
 */
package dev.trawl.indexer.series;
