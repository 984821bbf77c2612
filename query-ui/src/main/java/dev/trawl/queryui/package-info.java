/** The query UI: wiring of the browser app and its JSON API over the indexer's {@code _search}, config and main. */
package dev.trawl.queryui;
