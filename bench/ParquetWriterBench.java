import java.lang.management.*;
import java.nio.file.*;
import java.sql.*;
import java.util.*;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.conf.*;
import org.apache.parquet.hadoop.*;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.*;
import org.apache.parquet.io.api.*;
import org.apache.parquet.schema.*;

/**
 * Measures parquet-java writer settings alone (no JDBC, no Rivet code on the timed path): loads the
 * first ROWS rows of the benchmark table rivet_bench.lineitem (bench/run.sh builds it) into memory,
 * then writes them to Parquet zstd files of 500,000 rows, once per variant and repetition,
 * alternating, and prints the thread CPU seconds (median, min, max) and the bytes of each variant.
 * A variant is settings joined by '+', e.g. base, nodict, dictstr+nosizestats+zstd1 (see apply).
 *
 * <pre>
 * java -Xmx3g -cp launcher/target/rivet.jar bench/ParquetWriterBench.java 1000000 \
 *     base,dictstr,nosizestats,zstd1,dictstr+nosizestats+zstd1 3
 * </pre>
 *
 * Connects to jdbc:postgresql://127.0.0.1:5432/test as postgres (PGURL and PGUSER override);
 * TABLE names another copy of the table.
 *
 * <p>The variants {@code columns} and {@code columns+plainnum} write the same file as {@code
 * dictstr+nosizestats+zstd1} with the size check from row 1 (Rivet's settings), the way Rivet's
 * ParquetFileSink does: through parquet-java's public column API, each value straight into its
 * column writer; {@code plainnum} adds Rivet's PlainNumberValuesWriter factory (package-private,
 * reached by reflection: the bench only).
 */
public class ParquetWriterBench {
  static int N;
  static long[] l_id, orderkey, partkey, qty, price, disc, tax;
  static int[] linenumber, suppkey, ship, commit, receipt;
  static Binary[] rflag, lstatus, instr, mode, comment;
  static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
      "message m { required int64 l_id; required int64 l_orderkey; required int32 l_linenumber; required int64 l_partkey; required int32 l_suppkey;"
      + " required int64 l_quantity (DECIMAL(15,2)); required int64 l_extendedprice (DECIMAL(15,2)); required int64 l_discount (DECIMAL(15,2)); required int64 l_tax (DECIMAL(15,2));"
      + " required binary l_returnflag (STRING); required binary l_linestatus (STRING); required int32 l_shipdate (DATE); required int32 l_commitdate (DATE); required int32 l_receiptdate (DATE);"
      + " required binary l_shipinstruct (STRING); required binary l_shipmode (STRING); required binary l_comment (STRING); }");

  static class WS extends WriteSupport<Integer> {
    RecordConsumer c;
    public WriteContext init(Configuration conf) { return new WriteContext(SCHEMA, Map.of()); }
    public WriteContext init(ParquetConfiguration conf) { return new WriteContext(SCHEMA, Map.of()); }
    public void prepareForWrite(RecordConsumer rc) { c = rc; }
    void l(int f, String n, long v) { c.startField(n, f); c.addLong(v); c.endField(n, f); }
    void i(int f, String n, int v) { c.startField(n, f); c.addInteger(v); c.endField(n, f); }
    void b(int f, String n, Binary v) { c.startField(n, f); c.addBinary(v); c.endField(n, f); }
    public void write(Integer r) {
      int k = r;
      c.startMessage();
      l(0, "l_id", l_id[k]); l(1, "l_orderkey", orderkey[k]); i(2, "l_linenumber", linenumber[k]); l(3, "l_partkey", partkey[k]); i(4, "l_suppkey", suppkey[k]);
      l(5, "l_quantity", qty[k]); l(6, "l_extendedprice", price[k]); l(7, "l_discount", disc[k]); l(8, "l_tax", tax[k]);
      b(9, "l_returnflag", rflag[k]); b(10, "l_linestatus", lstatus[k]); i(11, "l_shipdate", ship[k]); i(12, "l_commitdate", commit[k]); i(13, "l_receiptdate", receipt[k]);
      b(14, "l_shipinstruct", instr[k]); b(15, "l_shipmode", mode[k]); b(16, "l_comment", comment[k]);
      c.endMessage();
    }
  }
  static class B extends ParquetWriter.Builder<Integer, B> {
    B(OutputFile f) { super(f); }
    protected B self() { return this; }
    protected WriteSupport<Integer> getWriteSupport(Configuration c) { return new WS(); }
    protected WriteSupport<Integer> getWriteSupport(ParquetConfiguration c) { return new WS(); }
  }
  static long unscaled(java.math.BigDecimal d) { return d.setScale(2).unscaledValue().longValueExact(); }

  public static void main(String[] a) throws Exception {
    try (Connection cn = DriverManager.getConnection(
        System.getenv().getOrDefault("PGURL", "jdbc:postgresql://127.0.0.1:5432/test"),
        System.getenv().getOrDefault("PGUSER", "postgres"), "")) {
      cn.setAutoCommit(false);
      Statement st = cn.createStatement(); st.setFetchSize(10000);
      N = Integer.parseInt(a[0]);
      l_id = new long[N]; orderkey = new long[N]; partkey = new long[N]; qty = new long[N]; price = new long[N]; disc = new long[N]; tax = new long[N];
      linenumber = new int[N]; suppkey = new int[N]; ship = new int[N]; commit = new int[N]; receipt = new int[N];
      rflag = new Binary[N]; lstatus = new Binary[N]; instr = new Binary[N]; mode = new Binary[N]; comment = new Binary[N];
      ResultSet rs = st.executeQuery("select * from " + System.getenv().getOrDefault("TABLE", "rivet_bench.lineitem") + " order by l_id limit " + N);
      int k = 0;
      while (rs.next()) {
        l_id[k] = rs.getLong(1); orderkey[k] = rs.getLong(2); linenumber[k] = rs.getInt(3); partkey[k] = rs.getLong(4); suppkey[k] = rs.getInt(5);
        qty[k] = unscaled(rs.getBigDecimal(6)); price[k] = unscaled(rs.getBigDecimal(7)); disc[k] = unscaled(rs.getBigDecimal(8)); tax[k] = unscaled(rs.getBigDecimal(9));
        rflag[k] = Binary.fromString(rs.getString(10)); lstatus[k] = Binary.fromString(rs.getString(11));
        ship[k] = (int) rs.getObject(12, java.time.LocalDate.class).toEpochDay(); commit[k] = (int) rs.getObject(13, java.time.LocalDate.class).toEpochDay(); receipt[k] = (int) rs.getObject(14, java.time.LocalDate.class).toEpochDay();
        instr[k] = Binary.fromString(rs.getString(15)); mode[k] = Binary.fromString(rs.getString(16)); comment[k] = Binary.fromString(rs.getString(17));
        k++;
      }
      N = k;
    }
    String[] variants = a[1].split(",");
    int reps = Integer.parseInt(a[2]);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, List<Double>> res = new LinkedHashMap<>();
    Map<String, Long> size = new HashMap<>();
    for (int rep = -1; rep < reps; rep++) {
      for (String v : variants) {
        Path p = Path.of(System.getProperty("java.io.tmpdir"), "rivet-writer-bench-" + v + ".parquet");
        Files.deleteIfExists(p);
        long t0 = mx.getCurrentThreadCpuTime();
        int chunk = 500_000;
        for (int start = 0; start < N; start += chunk) {
          Path pp = Path.of(p + "." + start);
          Files.deleteIfExists(pp);
          if (v.startsWith("columns")) {
            writeColumns(new LocalOutputFile(pp), start, Math.min(N, start + chunk), v.contains("plainnum"));
            continue;
          }
          B b = new B(new LocalOutputFile(pp));
          b = b.withConf(new PlainParquetConfiguration()).withWriteMode(ParquetFileWriter.Mode.CREATE).withCompressionCodec(CompressionCodecName.ZSTD).withRowGroupSize(64L << 20)
              .withDictionaryEncoding("l_id", false);
          for (String opt : v.split("\\+")) b = apply(b, opt);
          try (ParquetWriter<Integer> w = b.build()) {
            for (int r = start; r < Math.min(N, start + chunk); r++) w.write(r);
          }
        }
        double cpu = (mx.getCurrentThreadCpuTime() - t0) / 1e9;
        if (rep >= 0) res.computeIfAbsent(v, x -> new ArrayList<>()).add(cpu);
      }
    }
    for (var e : res.entrySet()) {
      List<Double> l = new ArrayList<>(e.getValue()); Collections.sort(l);
      System.out.printf("%-40s cpu median %.3f  min %.3f max %.3f  runs %s%n", e.getKey(), l.get(l.size() / 2), l.get(0), l.get(l.size() - 1), e.getValue());
    }
    for (String v : variants) {
      long total = 0; for (int start = 0; start < N; start += 500_000) total += Files.size(Path.of(System.getProperty("java.io.tmpdir"), "rivet-writer-bench-" + v + ".parquet." + start));
      System.out.printf("%-40s bytes %,d%n", v, total);
    }
  }
  /** Rivet's settings through the column API (see ParquetFileSink): one row group per file. */
  static void writeColumns(OutputFile out, int from, int to, boolean plainNumbers) throws Exception {
    ParquetProperties.Builder pb = ParquetProperties.builder().withDictionaryEncoding(false)
        .withSizeStatisticsEnabled(false).withMinRowCountForPageSizeCheck(1);
    for (String c : new String[] {"l_returnflag", "l_linestatus", "l_shipinstruct", "l_shipmode", "l_comment"}) pb = pb.withDictionaryEncoding(c, true);
    if (plainNumbers) {
      var ctor = Class.forName("dev.rivet.pipeline.write.PlainNumberValuesWriter$Factory").getDeclaredConstructor();
      ctor.setAccessible(true);
      pb = pb.withValuesWriterFactory((org.apache.parquet.column.values.factory.ValuesWriterFactory) ctor.newInstance());
    }
    ParquetProperties props = pb.build();
    ParquetConfiguration conf = new PlainParquetConfiguration();
    conf.set("parquet.compression.codec.zstd.level", "1");
    ParquetFileWriter file = new ParquetFileWriter(out, SCHEMA, ParquetFileWriter.Mode.CREATE, 64L << 20, ParquetWriter.MAX_PADDING_SIZE_DEFAULT, null, props);
    file.start();
    CodecFactory codecs = new CodecFactory(conf, props.getPageSizeThreshold());
    ColumnChunkPageWriteStore pages = new ColumnChunkPageWriteStore(codecs.getCompressor(CompressionCodecName.ZSTD), SCHEMA, props.getAllocator(),
        props.getColumnIndexTruncateLength(), props.getPageWriteChecksumEnabled(), null, 0);
    org.apache.parquet.column.ColumnWriteStore store = props.newColumnWriteStore(SCHEMA, pages, pages);
    org.apache.parquet.column.ColumnWriter[] w = new org.apache.parquet.column.ColumnWriter[17];
    for (int i = 0; i < 17; i++) w[i] = store.getColumnWriter(SCHEMA.getColumns().get(i));
    for (int k = from; k < to; k++) {
      w[0].write(l_id[k], 0, 0); w[1].write(orderkey[k], 0, 0); w[2].write(linenumber[k], 0, 0); w[3].write(partkey[k], 0, 0); w[4].write(suppkey[k], 0, 0);
      w[5].write(qty[k], 0, 0); w[6].write(price[k], 0, 0); w[7].write(disc[k], 0, 0); w[8].write(tax[k], 0, 0);
      w[9].write(rflag[k], 0, 0); w[10].write(lstatus[k], 0, 0); w[11].write(ship[k], 0, 0); w[12].write(commit[k], 0, 0); w[13].write(receipt[k], 0, 0);
      w[14].write(instr[k], 0, 0); w[15].write(mode[k], 0, 0); w[16].write(comment[k], 0, 0);
      store.endRecord();
    }
    file.startBlock(to - from);
    store.flush();
    pages.flushToFileWriter(file);
    file.endBlock();
    file.end(Map.of());
    store.close();
    pages.close();
    codecs.release();
  }

  static final String[] HIGH = {"l_partkey", "l_extendedprice", "l_comment"};
  static B apply(B b, String opt) {
    switch (opt) {
      case "base": return b;
      case "nohigh": for (String c : HIGH) b = b.withDictionaryEncoding(c, false); return b;
      case "nohigh2": for (String c : HIGH) b = b.withDictionaryEncoding(c, false); return b.withDictionaryEncoding("l_orderkey", false);
      case "nodict": return b.withDictionaryEncoding(false);
      case "dictstr": for (String c : new String[]{"l_orderkey","l_linenumber","l_partkey","l_suppkey","l_quantity","l_extendedprice","l_discount","l_tax","l_shipdate","l_commitdate","l_receiptdate"}) b = b.withDictionaryEncoding(c, false); return b;
      case "dict256k": return b.withDictionaryPageSize(256 << 10);
      case "dict64k": return b.withDictionaryPageSize(64 << 10);
      case "nocrc": return b.withPageWriteChecksumEnabled(false);
      case "nosizestats": return b.withSizeStatisticsEnabled(false);
      case "nostats": return b.withStatisticsEnabled(false);
      case "minrow1": return b.withMinRowCountForPageSizeCheck(1);
      case "page2m": return b.withPageSize(2 << 20);
      case "page256k": return b.withPageSize(256 << 10);
      case "rowlimit100k": return b.withPageRowCountLimit(100_000);
      case "snappy": return b.withCompressionCodec(CompressionCodecName.SNAPPY);
      case "none": return b.withCompressionCodec(CompressionCodecName.UNCOMPRESSED);
      case "lz4": return b.withCompressionCodec(CompressionCodecName.LZ4_RAW);
      default:
        if (opt.startsWith("zstd")) { return b.config("parquet.compression.codec.zstd.level", opt.substring(4)); }
        throw new IllegalArgumentException(opt);
    }
  }
}
