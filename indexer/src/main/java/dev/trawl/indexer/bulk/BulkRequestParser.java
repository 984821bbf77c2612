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
 * action or document line fails only its own item, with an error that names the line.
 * Stateless and thread-safe.
 */
public final class BulkRequestParser {
  private static final JsonFactory JSON = new JsonFactory();

  private BulkRequestParser() {}

  /** @param defaultIndex the index of {@code /{index}/_bulk}, or null for {@code /_bulk} */
  public static List<BulkItem> parse(byte[] body, String defaultIndex) {
    List<int[]> lines = lines(body);
    List<BulkItem> items = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      int[] actionLine = lines.get(i);
      int lineNo = actionLine[2];
      Action action;
      try {
        action = action(body, actionLine[0], actionLine[1], defaultIndex);
      } catch (IOException | IllegalArgumentException e) {
        // Unreadable action: its document line is the next one unless that line is itself an action.
        boolean nextIsAction = i + 1 < lines.size() && looksLikeAction(body, lines.get(i + 1));
        items.add(new BulkItem(lineNo, "create", defaultIndex, null, null,
            "malformed action line " + lineNo + ": " + message(e), BulkItem.BAD_ACTION));
        i += nextIsAction ? 1 : 2;
        continue;
      }
      if (action.op().equals("delete")) {
        items.add(new BulkItem(lineNo, "delete", action.index(), action.id(), null,
            "the delete action is not supported (line " + lineNo + ")", BulkItem.BAD_ACTION));
        i++;
        continue;
      }
      if (i + 1 >= lines.size()) {
        items.add(new BulkItem(lineNo, action.op(), action.index(), action.id(), null,
            "action line " + lineNo + " has no document line after it", BulkItem.BAD_ACTION));
        break;
      }
      int[] docLine = lines.get(i + 1);
      byte[] source = Arrays.copyOfRange(body, docLine[0], docLine[1]);
      String error = null;
      String errorType = BulkItem.BAD_ACTION;
      if (!action.op().equals("create") && !action.op().equals("index")) {
        error = "the " + action.op() + " action is not supported (line " + lineNo + ")";
      } else if (action.index() == null) {
        error = "action line " + lineNo + " names no _index and the request path names none";
      } else {
        error = checkObject(source, docLine[2]);
        errorType = BulkItem.BAD_DOCUMENT;
      }
      items.add(new BulkItem(lineNo, action.op(), action.index(), action.id(), source, error, error == null ? null : errorType));
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

  private static String checkObject(byte[] source, int lineNo) {
    try (JsonParser p = JSON.createParser(source)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return "document line " + lineNo + " is not a JSON object";
      }
      p.skipChildren();
      if (p.nextToken() != null) {
        return "document line " + lineNo + " holds more than one JSON value";
      }
      return null;
    } catch (IOException e) {
      return "document line " + lineNo + " is not valid JSON: " + message(e);
    }
  }

  private static boolean looksLikeAction(byte[] body, int[] line) {
    try {
      action(body, line[0], line[1], null);
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

  /** Non-blank lines as {start, end, lineNumber}. */
  private static List<int[]> lines(byte[] body) {
    List<int[]> out = new ArrayList<>();
    int start = 0;
    int lineNo = 1;
    for (int i = 0; i <= body.length; i++) {
      if (i == body.length || body[i] == '\n') {
        int end = i > start && body[i - 1] == '\r' ? i - 1 : i;
        if (!blank(body, start, end)) {
          out.add(new int[] {start, end, lineNo});
        }
        start = i + 1;
        lineNo++;
      }
    }
    return out;
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
