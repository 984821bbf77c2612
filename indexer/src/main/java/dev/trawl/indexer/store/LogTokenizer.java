package dev.trawl.indexer.store;

import java.io.IOException;
import org.apache.lucene.analysis.CharacterUtils;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Splits log text into lower-cased words: runs of letters, digits, combining marks and {@code _}.
 * Every other character separates, so the parts of a path ({@code /var/log/app.log}), a dotted
 * name ({@code java.lang.NullPointerException}), an address ({@code 10.244.3.17:8080}), a UUID or
 * a {@code key=value} pair are each a word, and the whole is found as a phrase of its parts (the
 * query side turns such a term into one). Han ideographs and Hiragana are one word per character,
 * as Unicode word segmentation has them. Words longer than the limit are cut into pieces.
 */
public final class LogTokenizer extends Tokenizer {
  static final int MAX_WORD_LENGTH = 255;
  private static final boolean[] ASCII_WORD = new boolean[128];

  static {
    for (int c = '0'; c <= '9'; c++) {
      ASCII_WORD[c] = true;
    }
    for (int c = 'a'; c <= 'z'; c++) {
      ASCII_WORD[c] = true;
      ASCII_WORD[c - 'a' + 'A'] = true;
    }
    ASCII_WORD['_'] = true;
  }

  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
  private final OffsetAttribute offsets = addAttribute(OffsetAttribute.class);
  private final CharacterUtils.CharacterBuffer io = CharacterUtils.newCharacterBuffer(4096);
  private int offset;
  private int bufferIndex;
  private int dataLength;
  private int finalOffset;

  @Override
  public boolean incrementToken() throws IOException {
    clearAttributes();
    char[] word = term.buffer();
    int length = 0;
    int start = -1;
    int end = -1;
    while (true) {
      if (bufferIndex >= dataLength) {
        offset += dataLength;
        CharacterUtils.fill(io, input);
        if (io.getLength() == 0) {
          dataLength = 0;
          if (length > 0) {
            break;
          }
          finalOffset = correctOffset(offset);
          return false;
        }
        dataLength = io.getLength();
        bufferIndex = 0;
      }
      int c = Character.codePointAt(io.getBuffer(), bufferIndex, dataLength);
      int count = Character.charCount(c);
      if (c < 128 ? !ASCII_WORD[c] : !isWordChar(c)) {
        bufferIndex += count;
        if (length > 0) {
          break;
        }
        continue;
      }
      boolean alone = c >= 0x3040 && isOneCharWord(c);
      if (alone && length > 0) {
        break;
      }
      bufferIndex += count;
      if (length == 0) {
        start = offset + bufferIndex - count;
        end = start;
      }
      if (length + 2 > word.length) {
        word = term.resizeBuffer(length + 2);
      }
      end += count;
      length += Character.toChars(c < 128 ? asciiLower(c) : Character.toLowerCase(c), word, length);
      if (alone || length >= MAX_WORD_LENGTH) {
        break;
      }
    }
    term.setLength(length);
    offsets.setOffset(correctOffset(start), finalOffset = correctOffset(end));
    return true;
  }

  private static int asciiLower(int c) {
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
  }

  private static boolean isWordChar(int c) {
    if (Character.isLetterOrDigit(c)) {
      return true;
    }
    int type = Character.getType(c);
    return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK;
  }

  private static boolean isOneCharWord(int c) {
    return Character.isIdeographic(c) || Character.UnicodeScript.of(c) == Character.UnicodeScript.HIRAGANA;
  }

  @Override
  public void end() throws IOException {
    super.end();
    offsets.setOffset(finalOffset, finalOffset);
  }

  @Override
  public void reset() throws IOException {
    super.reset();
    offset = 0;
    bufferIndex = 0;
    dataLength = 0;
    finalOffset = 0;
    io.reset();
  }
}
