/** The UI's JSON API under {@code /api}: requests translated to Elasticsearch {@code _search} calls. */
package dev.trawl.queryui.api;
