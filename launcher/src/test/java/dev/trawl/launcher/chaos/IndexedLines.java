package dev.trawl.launcher.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trawl.testing.Http;
import java.net.http.HttpResponse;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the numbered lines of {@link dev.trawl.testing.ContainerWriters} in the index through the
 * search API: every hit, page by page ({@code search_after} on time, file and offset), tallied by
 * {@code _id} and by container and sequence number.
 */
final class IndexedLines {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NUMBERED = Pattern.compile("^line c(\\d+) s\\d+ n(\\d+) ");
  private static final int PAGE = 10_000;

  /**
   * @param written lines written
   * @param searchable documents the index counts
   * @param duplicates documents beyond the first of each line (by container and sequence number)
   * @param missing lines written that no document holds
   * @param idDuplicates documents beyond the first of each {@code _id}
   */
  record Tally(long written, long searchable, long duplicates, long missing, long idDuplicates) {
    String line() {
      return "lines written / searchable / duplicates / missing: " + written + " / " + searchable + " / "
          + duplicates + " / " + missing + " (duplicate _ids: " + idDuplicates + ")";
    }

    boolean exactlyOnce() {
      return written == searchable && duplicates == 0 && missing == 0 && idDuplicates == 0;
    }
  }

  private IndexedLines() {}

  /** Documents in the index, by {@code _count}. */
  static long count(String indexerUrl, String index) throws Exception {
    HttpResponse<String> response = Http.get(indexerUrl + "/" + index + "/_count");
    if (response.statusCode() != 200) {
      return -1;
    }
    return JSON.readTree(response.body()).path("count").asLong();
  }

  static Tally tally(String indexerUrl, String index, long[] writtenPerContainer) throws Exception {
    BitSet[] seen = new BitSet[writtenPerContainer.length];
    for (int c = 0; c < seen.length; c++) {
      seen[c] = new BitSet();
    }
    Set<String> ids = new HashSet<>();
    long paged = 0;
    long repeats = 0;
    long searchable = -1;
    JsonNode after = null;
    while (true) {
      ObjectNode request = JSON.createObjectNode().put("size", PAGE).put("track_total_hits", true);
      request.putArray("_source").add("message");
      var sort = request.putArray("sort");
      sort.addObject().put("@timestamp", "asc");
      sort.addObject().put("log.file.path", "asc");
      sort.addObject().put("log.offset", "asc");
      if (after != null) {
        request.set("search_after", after);
      }
      HttpResponse<String> response = Http.post(indexerUrl + "/" + index + "/_search", JSON.writeValueAsString(request));
      if (response.statusCode() != 200) {
        throw new IllegalStateException("search answered " + response.statusCode() + ": " + response.body());
      }
      JsonNode hits = JSON.readTree(response.body()).path("hits");
      if (searchable < 0) {
        searchable = hits.path("total").path("value").asLong();
      }
      JsonNode page = hits.path("hits");
      for (JsonNode hit : page) {
        paged++;
        ids.add(hit.path("_id").asText());
        Matcher m = NUMBERED.matcher(hit.path("_source").path("message").asText());
        if (!m.find()) {
          throw new IllegalStateException("a document that no writer wrote: " + hit);
        }
        BitSet container = seen[Integer.parseInt(m.group(1))];
        int seq = Integer.parseInt(m.group(2));
        if (container.get(seq)) {
          repeats++;
        }
        container.set(seq);
      }
      if (page.size() < PAGE) {
        break;
      }
      after = page.get(page.size() - 1).path("sort");
    }
    long written = 0;
    long distinct = 0;
    for (int c = 0; c < seen.length; c++) {
      written += writtenPerContainer[c];
      distinct += seen[c].get(0, (int) writtenPerContainer[c]).cardinality();
    }
    // documents the pages did not show (same sort values as one shown) are duplicates too
    long hidden = Math.max(0, searchable - paged);
    return new Tally(written, searchable, repeats + hidden, written - distinct, paged - ids.size());
  }
}
