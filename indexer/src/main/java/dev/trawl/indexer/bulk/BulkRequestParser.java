package dev.trawl.indexer.bulk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits an NDJSON {@code _bulk} body into items with Jackson's streaming parser. A malformed
 * action line fails only its own item, with an error that names the line; document lines are
 * checked when the mapper parses them (once: checking them here too cost a fifth of the request
 * threads). Stateless and thread-safe.
 */
public final class BulkRequestParser {
  private static final JsonFactory JSON = new JsonFactory();

  private BulkRequestParser() {}

  /** @param defaultIndex the index of {@code /{index}/_bulk}, or null for {@code /_bulk} */
  public static List<BulkItem> parse(byte[] body, String defaultIndex) {
    Lines lines = Lines.of(body);
    List<BulkItem> items = new ArrayList<>(lines.size() / 2 + 1);
    int i = 0;
    while (i < lines.size()) {
      int lineNo = lines.number(i);
      Action action;
      try {
        action = action(body, lines.start(i), lines.end(i), defaultIndex);
      } catch (IOException | IllegalArgumentException e) {
        // Unreadable action: its document line is the next one unless that line is itself an action.
        boolean nextIsAction = i + 1 < lines.size() && looksLikeAction(body, lines, i + 1);
        items.add(new BulkItem(lineNo, 0, "create", defaultIndex, null, null,
            "malformed action line " + lineNo + ": " + message(e), BulkItem.BAD_ACTION));
        i += nextIsAction ? 1 : 2;
        continue;
      }
      if (action.op().equals("delete")) {
        items.add(new BulkItem(lineNo, 0, "delete", action.index(), action.id(), null,
            "the delete action is not supported (line " + lineNo + ")", BulkItem.BAD_ACTION));
        i++;
        continue;
      }
      if (i + 1 >= lines.size()) {
        items.add(new BulkItem(lineNo, 0, action.op(), action.index(), action.id(), null,
            "action line " + lineNo + " has no document line after it", BulkItem.BAD_ACTION));
        break;
      }
      byte[] source = Arrays.copyOfRange(body, lines.start(i + 1), lines.end(i + 1));
      String error = null;
      String errorType = BulkItem.BAD_ACTION;
      String badName = action.index() == null ? null : IndexNames.problem(action.index());
      if (!action.op().equals("create") && !action.op().equals("index")) {
        error = "the " + action.op() + " action is not supported (line " + lineNo + ")";
      } else if (action.index() == null) {
        error = "action line " + lineNo + " names no _index and the request path names none";
      } else if (badName != null) {
        error = badName + " (line " + lineNo + ")";
        errorType = IndexNames.INVALID;
      }
      items.add(new BulkItem(lineNo, lines.number(i + 1), action.op(), action.index(), action.id(), source, error,
          error == null ? null : errorType));
      i += 2;
    }
    return items;
  }

  private record Action(String op, String index, String id) {}

  private static Action action(byte[] body, int start, int end, String defaultIndex) throws IOException {
    try (JsonParser p = JSON.createParser(body, start, end - start)) {
      expect(p.nextToken() == JsonToken.START_OBJECT, "expected an object");
      expect(p.nextToken() == JsonToken.FIELD_NAME, "expected an action name");
      String op = p.currentName();
      expect(p.nextToken() == JsonToken.START_OBJECT, "expected the action's metadata object");
      String index = defaultIndex;
      String id = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "_index" -> index = p.getValueAsString();
          case "_id" -> id = p.getValueAsString();
          default -> p.skipChildren();
        }
        expect(value != null, "truncated metadata");
      }
      expect(p.nextToken() == JsonToken.END_OBJECT, "an action line holds exactly one action");
      return new Action(op, index, id);
    }
  }

  private static boolean looksLikeAction(byte[] body, Lines lines, int line) {
    try {
      action(body, lines.start(line), lines.end(line), null);
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  private static void expect(boolean ok, String what) throws IOException {
    if (!ok) {
      throw new IOException(what);
    }
  }

  private static String message(Exception e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    int nl = m.indexOf('\n');
    m = nl > 0 ? m.substring(0, nl) : m;
    int source = m.indexOf(" at [Source");
    int marker = m.indexOf(" (start marker at [Source");
    int cut = marker > 0 ? marker : source;
    return cut > 0 ? m.substring(0, cut) : m;
  }

  /** The non-blank lines of a body: where each starts and ends, and its 1-based number. */
  private static final class Lines {
    /** {start, end, number} of each line, all in one array rather than an array per line. */
    private int[] spans = new int[3 * 64];
    private int size;

    static Lines of(byte[] body) {
      Lines lines = new Lines();
      int start = 0;
      int lineNo = 1;
      for (int i = 0; i <= body.length; i++) {
        if (i == body.length || body[i] == '\n') {
          int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
          if (!blank(body, start, end)) {
            lines.add(start, end, lineNo);
          }
          start = i + 1;
          lineNo++;
        }
      }
      return lines;
    }

    private void add(int start, int end, int number) {
      if (3 * size == spans.length) {
        spans = Arrays.copyOf(spans, spans.length * 2);
      }
      spans[3 * size] = start;
      spans[3 * size + 1] = end;
      spans[3 * size + 2] = number;
      size++;
    }

    int size() {
      return size;
    }

    int start(int line) {
      return spans[3 * line];
    }

    int end(int line) {
      return spans[3 * line + 1];
    }

    int number(int line) {
      return spans[3 * line + 2];
    }
  }

  private static boolean blank(byte[] b, int start, int end) {
    for (int i = start; i < end; i++) {
      if (b[i] != ' ' && b[i] != '\t') {
        return false;
      }
    }
    return true;
  }
}
