package dev.rivet.pipeline.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rivet.kernel.source.SourceKind;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.LogicalKind;
import dev.rivet.pipeline.types.StructValue;
import dev.rivet.pipeline.types.Utf8Text;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.Test;

class RowHashTest {
  private static final SourceKind PG = SourceKind.POSTGRESQL;

  private static ColumnType col(String name, LogicalKind kind) {
    return ColumnType.scalar(name, "t", PG, kind, true);
  }

  private static final List<ColumnType> GOLDEN_TYPES =
      List.of(
          col("id", LogicalKind.INT64),
          col("note", LogicalKind.STRING),
          ColumnType.decimal("total", "numeric", PG, true, 12, 2),
          col("placed_at", LogicalKind.TIMESTAMPTZ),
          col("gone", LogicalKind.STRING));

  private static final Object[] GOLDEN_ROW = {
    42L, "héllo", new BigDecimal("12.50"), Instant.parse("2025-03-01T10:15:30.123456Z"), null
  };

  /** The documented encoding of GOLDEN_ROW, spelled out byte by byte. */
  private static byte[] goldenBytes() {
    byte[] note = "héllo".getBytes(StandardCharsets.UTF_8);
    byte[] total = "12.50".getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(200);
    b.put((byte) 0x02).putLong(42L);
    b.put((byte) 0x05).putInt(note.length).put(note);
    b.put((byte) 0x04).putInt(total.length).put(total);
    Instant at = Instant.parse("2025-03-01T10:15:30.123456Z");
    b.put((byte) 0x0B).putLong(at.getEpochSecond()).putInt(at.getNano());
    b.put((byte) 0x00);
    return Arrays.copyOf(b.array(), b.position());
  }

  @Test
  void shouldHashTextABinaryReadKeptAsBytesAsItsString() {
    // In place in a message, between other fields' bytes.
    byte[] message = "12héllo345".getBytes(StandardCharsets.UTF_8);
    Object[] kept = GOLDEN_ROW.clone();
    kept[1] = Utf8Text.of(message, 2, "héllo".getBytes(StandardCharsets.UTF_8).length);
    assertThat(kept[1]).isInstanceOf(Utf8Text.class);

    assertThat(RowHash.of(GOLDEN_TYPES, kept)).isEqualTo(RowHash.of(GOLDEN_TYPES, GOLDEN_ROW));
  }

  @Test
  void shouldEncodeMapsInKeyOrderAndStructsFieldByField() {
    ColumnType map = col("h", LogicalKind.MAP);
    ColumnType struct =
        ColumnType.struct(
            "c",
            "addr",
            PG,
            true,
            List.of(col("n", LogicalKind.INT32), col("s", LogicalKind.STRING)));
    java.util.Map<String, String> entries = new java.util.HashMap<>();
    entries.put("b", null);
    entries.put("a", "1");
    CanonicalEncoding encoding = new CanonicalEncoding();
    encoding.append(map, dev.rivet.pipeline.types.KeyOrder.sorted(entries));
    encoding.append(struct, new StructValue("(7,)", Arrays.asList(7, null)));
    encoding.append(struct, null);

    ByteBuffer b = ByteBuffer.allocate(100);
    b.put((byte) 0x0D).putInt(2);
    b.put((byte) 0x05).putInt(1).put((byte) 'a').put((byte) 0x05).putInt(1).put((byte) '1');
    b.put((byte) 0x05).putInt(1).put((byte) 'b').put((byte) 0x00);
    b.put((byte) 0x0E).putInt(2).put((byte) 0x02).putLong(7).put((byte) 0x00);
    b.put((byte) 0x00);
    assertThat(Arrays.copyOf(encoding.buffer(), encoding.length()))
        .isEqualTo(Arrays.copyOf(b.array(), b.position()));
  }

  @Test
  void shouldUseStandardXxh64WithSeedZero() {
    // The reference value of XXH64 over no bytes with seed 0, from the xxHash specification.
    assertThat(XXHashFactory.safeInstance().hash64().hash(new byte[0], 0, 0, RowHash.SEED))
        .isEqualTo(0xEF46DB3751D8E999L);
    // The pure-Java XXH64 agrees with lz4-java's other implementations of the same algorithm.
    byte[] bytes = goldenBytes();
    assertThat(XXHashFactory.safeInstance().hash64().hash(bytes, 0, bytes.length, 0))
        .isEqualTo(XXHashFactory.fastestInstance().hash64().hash(bytes, 0, bytes.length, 0));
  }

  @Test
  void shouldHashAFixedRowToAFixedValue() {
    byte[] bytes = goldenBytes();
    long expected = XXHashFactory.safeInstance().hash64().hash(bytes, 0, bytes.length, 0L);

    long hash = RowHash.of(GOLDEN_TYPES, GOLDEN_ROW);

    assertThat(hash).isEqualTo(expected);
    // Pinned: a change of this value breaks every downstream deduplication and needs a new
    // encoding version in docs/lineage.md.
    assertThat(hash).isEqualTo(GOLDEN_HASH);
  }

  private static final long GOLDEN_HASH = -122475286677584857L;

  @Test
  void shouldEncodeTheGoldenRowAsDocsLineageShowsIt() {
    CanonicalEncoding encoding = new CanonicalEncoding();
    for (int i = 0; i < GOLDEN_TYPES.size(); i++) {
      encoding.append(GOLDEN_TYPES.get(i), GOLDEN_ROW[i]);
    }

    // The example in docs/lineage.md, line by line.
    assertThat(HexFormat.of().formatHex(encoding.buffer(), 0, encoding.length()))
        .isEqualTo(
            "02000000000000002a"
                + "0500000006"
                + "68c3a96c6c6f"
                + "0400000005"
                + "31322e3530"
                + "0b0000000067c2de42075bca00"
                + "00")
        .isEqualTo(HexFormat.of().formatHex(goldenBytes()));
    assertThat(
            HexFormat.of()
                .formatHex(
                    encode(
                        List.of(col("a", LogicalKind.STRING), col("b", LogicalKind.STRING)),
                        "ab",
                        "c")))
        .isEqualTo("0500000002616205000000016" + "3");
  }

  private static byte[] encode(List<ColumnType> types, Object... values) {
    CanonicalEncoding encoding = new CanonicalEncoding();
    for (int i = 0; i < types.size(); i++) {
      encoding.append(types.get(i), values[i]);
    }
    return Arrays.copyOf(encoding.buffer(), encoding.length());
  }

  @Test
  void shouldTellApartRowsWhoseTextsConcatenateAlike() {
    List<ColumnType> two = List.of(col("a", LogicalKind.STRING), col("b", LogicalKind.STRING));
    assertThat(RowHash.of(two, new Object[] {"ab", "c"}))
        .isNotEqualTo(RowHash.of(two, new Object[] {"a", "bc"}));
    assertThat(RowHash.of(two, new Object[] {null, "c"}))
        .isNotEqualTo(RowHash.of(two, new Object[] {"", "c"}));
    assertThat(RowHash.of(two, new Object[] {"", null}))
        .isNotEqualTo(RowHash.of(two, new Object[] {null, ""}));
  }

  @Test
  void shouldTellApartANumberFromItsTextAndFloatZeroFromMinusZero() {
    assertThat(RowHash.of(List.of(col("n", LogicalKind.INT64)), new Object[] {1L}))
        .isNotEqualTo(RowHash.of(List.of(col("n", LogicalKind.STRING)), new Object[] {"1"}));
    List<ColumnType> dbl = List.of(col("d", LogicalKind.DOUBLE));
    assertThat(RowHash.of(dbl, new Object[] {0.0d}))
        .isNotEqualTo(RowHash.of(dbl, new Object[] {-0.0d}));
    // Every NaN is one value; a float hashes as the double it widens to.
    assertThat(RowHash.of(dbl, new Object[] {Double.longBitsToDouble(0x7ff0000000000001L)}))
        .isEqualTo(RowHash.of(dbl, new Object[] {Double.NaN}));
    assertThat(RowHash.of(List.of(col("f", LogicalKind.FLOAT)), new Object[] {1.5f}))
        .isEqualTo(RowHash.of(dbl, new Object[] {1.5d}));
  }

  @Test
  void shouldEncodeEveryKindAndKeepTheSameHashForEqualValues() {
    List<ColumnType> types =
        List.of(
            col("b", LogicalKind.BOOLEAN),
            col("i8", LogicalKind.INT8),
            col("i16", LogicalKind.INT16),
            col("i32", LogicalKind.INT32),
            col("f", LogicalKind.FLOAT),
            col("nt", LogicalKind.NUMERIC_TEXT),
            col("tz", LogicalKind.TIMETZ),
            col("bytes", LogicalKind.BYTES),
            col("u", LogicalKind.UUID),
            col("j", LogicalKind.JSON),
            col("d", LogicalKind.DATE),
            col("t", LogicalKind.TIME),
            col("ts", LogicalKind.TIMESTAMP),
            new ColumnType(
                "l", "_int4", PG, LogicalKind.LIST, true, 0, 0, col("e", LogicalKind.INT32)));
    Object[] row = {
      true,
      (byte) -1,
      (short) 300,
      7,
      2.5f,
      "1e400",
      "10:00:00+02:00",
      new byte[] {0, 1, 2},
      UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
      "{\"a\":1}",
      LocalDate.of(1999, 12, 31),
      LogicalKind.MICROS_PER_DAY,
      LocalDateTime.of(294276, 12, 31, 23, 59, 59, 999_999_000),
      Arrays.asList(1, null, 3)
    };
    Object[] copy = row.clone();
    copy[7] = new byte[] {0, 1, 2};
    copy[13] = Arrays.asList(1, null, 3);

    assertThat(RowHash.of(types, row)).isEqualTo(RowHash.of(types, copy));
    copy[13] = Arrays.asList(1, 3, null);
    assertThat(RowHash.of(types, row)).isNotEqualTo(RowHash.of(types, copy));
  }
}
