package dev.trawl.indexer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.junit.jupiter.api.Test;

class LogTokenizerTest {
  private final LogAnalyzer analyzer = new LogAnalyzer();

  /** Each word as {@code word@start-end}, with every position incremented by one. */
  private List<String> words(String text) throws IOException {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream("message", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
      PositionIncrementAttribute increment = ts.addAttribute(PositionIncrementAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        assertEquals(1, increment.getPositionIncrement());
        assertEquals(term.toString(), text.substring(offset.startOffset(), offset.endOffset()).toLowerCase(java.util.Locale.ROOT),
            "offsets point at the word");
        out.add(term.toString());
      }
      ts.end();
      assertEquals(text.length(), offset.endOffset(), "the final offset is the text's end");
    }
    return out;
  }

  @Test
  void pathsAddressesIdsAndPairsSplitIntoTheirParts() throws IOException {
    assertEquals(List.of("get", "var", "log", "pods", "app", "log", "from", "10", "244", "3", "17", "8080"),
        words("GET /var/log/pods/app.log from 10.244.3.17:8080"));
    assertEquals(List.of("java", "lang", "nullpointerexception", "at", "com", "example", "cart", "total", "cart", "java", "42"),
        words("java.lang.NullPointerException at com.example.Cart.total(Cart.java:42)"));
    assertEquals(List.of("0b0b0b0b", "1c1c", "4d2d", "8e3e", "4f4f4f4f4f4f", "status", "500", "user_id", "42"),
        words("0b0b0b0b-1c1c-4d2d-8e3e-4f4f4f4f4f4f status=500 user_id=42"));
    assertEquals(List.of("don", "t", "panic", "2026", "11", "23t08", "01", "20z"), words("Don't PANIC! 2026-11-23T08:01:20Z"));
    assertEquals(List.of(), words(" -- /// ... "));
  }

  @Test
  void unicodeLettersAndMarksStayInWordsAndIdeographsAreWordsAlone() throws IOException {
    assertEquals(List.of("größe", "überschritten"), words("Größe überschritten"));
    assertEquals(List.of("नमस्ते", "दुनिया"), words("नमस्ते दुनिया"), "combining marks belong to the word");
    assertEquals(List.of("配", "置", "文", "件", "已", "加", "载", "ok"), words("配置文件已加载: OK"));
    assertEquals(List.of("カタカナ", "は", "ok"), words("カタカナは ok"), "katakana runs together, hiragana alone");
    assertEquals(List.of("𝒜bc", "x"), words("𝒜BC x"), "a letter outside the basic plane");
    assertEquals(List.of("error"), words("🔥 error 🔥"));
  }

  @Test
  void longWordsAreCutAndWordsAcrossReadBuffersStayWhole() throws IOException {
    String longWord = "a".repeat(LogTokenizer.MAX_WORD_LENGTH + 10);
    assertEquals(List.of("a".repeat(LogTokenizer.MAX_WORD_LENGTH), "a".repeat(10)), words(longWord));
    String text = "x ".repeat(2047) + "boundary" + " 𝒜".repeat(3000) + " end";
    List<String> words = words(text);
    assertEquals(2047 + 1 + 3000 + 1, words.size());
    assertEquals("boundary", words.get(2047));
    assertEquals("𝒜", words.get(3000));
    assertEquals("end", words.get(words.size() - 1));
  }
}
