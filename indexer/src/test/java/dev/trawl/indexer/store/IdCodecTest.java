package dev.trawl.indexer.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

class IdCodecTest {
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  @Test
  void theCollectorsIdsTakeTheirSixteenBytesAndAMarker() {
    BytesRef encoded = IdCodec.encode("GB16mySHghdKTx9XfSP6Iw");
    assertEquals(17, encoded.length);
    assertEquals((byte) 0xFE, encoded.bytes[encoded.offset]);
    assertEquals("GB16mySHghdKTx9XfSP6Iw", IdCodec.decode(encoded));
    assertEquals(List.of(encoded, IdCodec.text("GB16mySHghdKTx9XfSP6Iw")), IdCodec.terms("GB16mySHghdKTx9XfSP6Iw"));
  }

  @Test
  void idsThatAreNotCanonicalBase64StayUtf8() {
    // "AB" decodes to one byte whose encoding is "AA": it would not come back
    for (String id : List.of("AB", "ok1", "café-1", "a=b", "", "x", "with space", "abc+/")) {
      assertEquals(new BytesRef(id), IdCodec.encode(id), id);
      assertEquals(List.of(new BytesRef(id)), IdCodec.terms(id), id);
      assertEquals(id, IdCodec.decode(IdCodec.encode(id)), id);
    }
  }

  @Test
  void everyIdComesBackAsItWasSent() {
    Random random = new Random(7);
    for (int n = 0; n < 50_000; n++) {
      StringBuilder id = new StringBuilder();
      int length = random.nextInt(40);
      for (int i = 0; i < length; i++) {
        id.append(random.nextInt(50) == 0 ? (char) (0x80 + random.nextInt(0x700)) : ALPHABET.charAt(random.nextInt(64)));
      }
      String sent = id.toString();
      BytesRef encoded = IdCodec.encode(sent);
      assertEquals(sent, IdCodec.decode(encoded), sent);
      if (encoded.length > 0 && encoded.bytes[encoded.offset] == (byte) 0xFE) {
        assertEquals(sent, Base64.getUrlEncoder().withoutPadding().encodeToString(
            java.util.Arrays.copyOfRange(encoded.bytes, encoded.offset + 1, encoded.offset + encoded.length)));
      }
    }
    for (int n = 0; n < 20_000; n++) {
      byte[] raw = new byte[1 + random.nextInt(30)];
      random.nextBytes(raw);
      String base64 = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      BytesRef encoded = IdCodec.encode(base64);
      assertEquals(raw.length + 1, encoded.length, "every base64 id is held as its bytes: " + base64);
      assertNotEquals(new BytesRef(base64), encoded, base64);
      assertEquals(base64, IdCodec.decode(encoded));
    }
  }

  @Test
  void aStoredIdReadsBackWhicheverFormItWasStoredIn() {
    Document encoded = new Document();
    encoded.add(new StoredField(DocumentMapper.ID, IdCodec.encode("GB16mySHghdKTx9XfSP6Iw")));
    assertEquals("GB16mySHghdKTx9XfSP6Iw", IdCodec.of(encoded));
    Document text = new Document();
    text.add(new StoredField(DocumentMapper.ID, "GB16mySHghdKTx9XfSP6Iw"));
    assertEquals("GB16mySHghdKTx9XfSP6Iw", IdCodec.of(text));
    Document indexed = new Document();
    indexed.add(new StringField(DocumentMapper.ID, new BytesRef("ok1".getBytes(StandardCharsets.UTF_8)), Field.Store.YES));
    assertEquals("ok1", IdCodec.of(indexed));
  }
}
