package dev.trawl.indexer.bulk;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits an NDJSON {@code _bulk} body into items with Jackson's streaming parser, one item at a
 * time, so a request's first items can be stored while the rest are read. A malformed action line
 * fails only its own item, with an error that names the line; document lines are checked when the
 * mapper parses them (once: checking them here too cost a fifth of the request threads). One
 * parser per body; not thread-safe.
 */
public final class BulkRequestParser {
  private static final JsonFactory JSON = new JsonFactory();

  private final byte[] body;
  private final String defaultIndex;
  /** Where the next unread line starts, and its 1-based number. */
  private int at;
  private int lineNo = 1;
  /** The line {@link #nextLine} read: where it starts and ends, and its number. */
  private int start;
  private int end;
  private int number;

  /** @param defaultIndex the index of {@code /{index}/_bulk}, or null for {@code /_bulk} */
  public BulkRequestParser(byte[] body, String defaultIndex) {
    this.body = body;
    this.defaultIndex = defaultIndex;
  }

  /** Every item of a body. */
  public static List<BulkItem> parse(byte[] body, String defaultIndex) {
    BulkRequestParser parser = new BulkRequestParser(body, defaultIndex);
    List<BulkItem> items = new ArrayList<>();
    for (BulkItem item = parser.next(); item != null; item = parser.next()) {
      items.add(item);
    }
    return items;
  }

  /** The next item, or null after the last. */
  public BulkItem next() {
    if (!nextLine()) {
      return null;
    }
    int actionLine = number;
    Action action;
    try {
      action = action(body, start, end, defaultIndex);
    } catch (IOException | IllegalArgumentException e) {
      // Unreadable action: its document line is the next one unless that line is itself an action.
      int unreadAt = at;
      int unreadLineNo = lineNo;
      if (nextLine() && looksLikeAction(body, start, end)) {
        at = unreadAt;
        lineNo = unreadLineNo;
      }
      return new BulkItem(actionLine, 0, "create", defaultIndex, null, null,
          "malformed action line " + actionLine + ": " + message(e), BulkItem.BAD_ACTION);
    }
    if (action.op().equals("delete")) {
      return new BulkItem(actionLine, 0, "delete", action.index(), action.id(), null,
          "the delete action is not supported (line " + actionLine + ")", BulkItem.BAD_ACTION);
    }
    if (!nextLine()) {
      return new BulkItem(actionLine, 0, action.op(), action.index(), action.id(), null,
          "action line " + actionLine + " has no document line after it", BulkItem.BAD_ACTION);
    }
    byte[] source = Arrays.copyOfRange(body, start, end);
    String error = null;
    String errorType = BulkItem.BAD_ACTION;
    String badName = action.index() == null ? null : IndexNames.problem(action.index());
    if (!action.op().equals("create") && !action.op().equals("index")) {
      error = "the " + action.op() + " action is not supported (line " + actionLine + ")";
    } else if (action.index() == null) {
      error = "action line " + actionLine + " names no _index and the request path names none";
    } else if (badName != null) {
      error = badName + " (line " + actionLine + ")";
      errorType = IndexNames.INVALID;
    }
    return new BulkItem(actionLine, number, action.op(), action.index(), action.id(), source, error,
        error == null ? null : errorType);
  }

  /** Reads the next non-blank line into {@link #start}, {@link #end} and {@link #number}; false at the body's end. */
  private boolean nextLine() {
    while (at <= body.length) {
      int from = at;
      int to = from;
      while (to < body.length && body[to] != '\n') {
        to++;
      }
      int lineEnd = to > from && body[to - 1] == '\r' ? to - 1 : to;
      int line = lineNo;
      at = to + 1;
      lineNo++;
      if (!blank(body, from, lineEnd)) {
        start = from;
        end = lineEnd;
        number = line;
        return true;
      }
    }
    return false;
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

  private static boolean looksLikeAction(byte[] body, int start, int end) {
    try {
      action(body, start, end, null);
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

  private static boolean blank(byte[] b, int start, int end) {
    for (int i = start; i < end; i++) {
      if (b[i] != ' ' && b[i] != '\t') {
        return false;
      }
    }
    return true;
  }
}
