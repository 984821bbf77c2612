package dev.trawl.collector.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import net.openhft.hashing.LongTupleHashFunction;

/**
 * A metric sample as a document of the {@code metrics} stream: {@code @timestamp},
 * {@code metric.name}, {@code metric.value}, {@code metric.unit} and the container's
 * {@code kubernetes.*} fields. Its {@code _id} hashes node, pod uid, container, metric and time,
 * so a sample sent twice is stored once.
 */
public final class MetricDocument {
  private static final JsonFactory JSON = new JsonFactory();
  private static final LongTupleHashFunction XX128 = LongTupleHashFunction.xx128();
  private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

  private MetricDocument() {}

  /** @param kubernetes pre-rendered {@code ,"kubernetes":{…}} members from {@link KubernetesFields} */
  public static byte[] render(Instant at, String name, double value, String unit, SerializableString kubernetes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("@timestamp", at.toString());
      g.writeObjectFieldStart("metric");
      g.writeStringField("name", name);
      g.writeNumberField("value", value);
      g.writeStringField("unit", unit);
      g.writeEndObject();
      g.writeRaw(kubernetes);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The deterministic id of one sample. */
  public static byte[] id(String node, String podUid, String container, String name, Instant at) {
    byte[] key = (node + '\0' + podUid + '\0' + container + '\0' + name + '\0' + at.toEpochMilli())
        .getBytes(StandardCharsets.UTF_8);
    long[] hash = XX128.hashBytes(key);
    byte[] raw = new byte[16];
    for (int i = 0; i < 8; i++) {
      raw[i] = (byte) (hash[0] >>> (56 - 8 * i));
      raw[8 + i] = (byte) (hash[1] >>> (56 - 8 * i));
    }
    return BASE64.encode(raw);
  }
}
