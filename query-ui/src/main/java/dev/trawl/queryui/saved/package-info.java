/** Searches saved by name, so the HPA's external metric (and people) can refer to a query by a stable name. */
package dev.trawl.queryui.saved;
