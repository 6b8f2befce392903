package dev.rivet.launcher.config;

import dev.rivet.kernel.testing.Gen;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * Generates config files for fuzzing the loader: YAML trees of maps, lists and scalars whose keys
 * are mostly the loader's own (so generation reaches deep into the config) and whose values are
 * near-valid, hostile or random text, written in block or flow style with quoting, anchors,
 * aliases, merge keys, duplicate keys, tabs and comments; valid configs with one part replaced; and
 * raw bytes or byte-mutated YAML.
 */
final class YamlDocs {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./ -]*");

  /** Every key the loader knows, at any level. */
  static final List<String> KEYS = keys();

  private static final List<String> VALUES =
      List.of(
          "postgresql://app@127.0.0.1:5432/test",
          "postgres://127.0.0.1/test?sslmode=disable",
          "mysql://root@127.0.0.1:3306/test",
          "mariadb://h1:1,h2:2/db",
          "jdbc:postgresql://127.0.0.1/test",
          "jdbc:mysql://x/y",
          "jdbc:sqlite:state.db",
          "jdbc:oracle:thin:@x",
          "postgresql://@/",
          "postgresql://a%zz@h/db",
          "mysql://h:99999999999/db",
          "oracle://h/db",
          "public.orders",
          "orders",
          "a.b.c",
          "SELECT 1",
          "(select * from t)",
          "WITH x AS (SELECT 1) SELECT * FROM x",
          "./out",
          "out/{export}/{date}",
          "out/{chunk}/{export}",
          "out/{nope}",
          "out/{export",
          "s3://bucket/{export}/{run_id}/part={chunk}",
          "s3://B/x",
          "s3://{export}/x",
          "gs://bucket",
          "file:///tmp/{export}",
          "file:relative",
          "file://host/x",
          "file:/%zz",
          "ftp://x/y",
          "-",
          "stdout",
          "parquet",
          "CSV",
          "zstd",
          "lz4",
          "64MiB",
          "1GiB",
          "0",
          "-1",
          "1e3",
          "0x1F",
          "0o17",
          "1_000_000",
          "99999999999999999999999999",
          "-9223372036854775808",
          "9223372036854775807",
          "9223372036854775808",
          "123456789012345678901234567890MiB",
          "9999999999999999999h",
          ".inf",
          "-.inf",
          ".nan",
          "500ms",
          "2s",
          "1m",
          "5 fortnights",
          "full",
          "incremental",
          "chunked",
          "time_window",
          "range",
          "day",
          "week",
          "month",
          "int",
          "timestamp",
          "date",
          "UTC",
          "Europe/Berlin",
          "Mars/Olympus",
          "+25:00",
          "7 days",
          "2h",
          "1000",
          "0 days",
          "true",
          "no",
          "yes",
          "on",
          "~",
          "null",
          "",
          " ",
          "clamp",
          "fail",
          "aggressive",
          "gentle",
          "eu-west-1",
          "EU WEST",
          "http://127.0.0.1:9000",
          "http://",
          "http://[::1",
          "${HOME}",
          "${RIVET_FUZZ_UNSET}",
          "${RIVET_FUZZ_UNSET:-x}",
          "${}",
          "${:-}",
          "${${X}}",
          "$${X}",
          "${X:-${Y}}",
          "\u0000",
          "a\u0000b",
          "nul\u0000/x",
          "\t",
          "line\nbreak",
          "\ud800",
          "\uffff",
          "\u2028",
          "%7B",
          "{}",
          "[]",
          "*alias",
          "&anchor",
          "!!binary",
          "!!python/object:os.system",
          "<<",
          "? a",
          "- a",
          "a: b",
          "#comment",
          "'",
          "\"",
          "\\",
          "../../../../etc/passwd",
          "/dev/null",
          "/",
          ".");

  private YamlDocs() {}

  /** Any kind of input: structured, a mutated valid config, or raw bytes. */
  static Gen<byte[]> documents() {
    return random -> {
      int kind = random.nextInt(20);
      if (kind < 5) {
        return utf8(render(random, tree(random, 0), random.nextInt(4) == 0));
      }
      if (kind < 18) {
        return utf8(render(random, mutatedValid(random), random.nextInt(4) == 0));
      }
      if (kind == 18) {
        return random.nextBoolean()
            ? mutateBytes(random, utf8(render(random, valid(random), random.nextBoolean())))
            : utf8(pathological(random));
      }
      byte[] bytes = new byte[random.nextInt(200)];
      random.nextBytes(bytes);
      return bytes;
    };
  }

  /** Deep nesting, alias bombs, long lines and many keys: where parsers run out of stack. */
  static String pathological(SplittableRandom random) {
    int n = random.nextInt(1, 5_000);
    switch (random.nextInt(6)) {
      case 0:
        return "exports: " + "[".repeat(n) + "]".repeat(random.nextInt(n + 1));
      case 1:
        return "source: " + "{a: ".repeat(n) + "b" + "}".repeat(n);
      case 2:
        StringBuilder block = new StringBuilder("exports:\n");
        for (int i = 0; i < Math.min(n, 300); i++) {
          block.append(" ".repeat(i)).append("- \n");
        }
        return block.toString();
      case 3:
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
          bomb.append("a").append(i).append(": &a").append(i).append(" [");
          bomb.append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
        }
        return bomb.append("source: *a11\n").toString();
      case 4:
        return "source:\n  url: " + "x".repeat(n * 100) + "\nexports: []\n";
      default:
        StringBuilder keys = new StringBuilder("defaults:\n");
        for (int i = 0; i < n; i++) {
          keys.append("  k").append(i).append(": v\n");
        }
        return keys.toString();
    }
  }

  /** A YAML tree: a map, a list or a scalar. */
  sealed interface Node permits Scalar, Mapping, Sequence, Alias {}

  /** A scalar, written plain, single- or double-quoted. */
  record Scalar(String text) implements Node {}

  record Mapping(List<Entry> entries) implements Node {}

  record Entry(Node key, Node value) {}

  record Sequence(List<Node> items) implements Node {}

  /** A reference to an anchor set earlier in the document. */
  record Alias() implements Node {}

  static Node tree(SplittableRandom random, int depth) {
    int pick = depth >= 5 ? 0 : random.nextInt(depth == 0 ? 2 : 5);
    switch (pick) {
      case 1:
        return mapping(random, depth);
      case 2:
        return sequence(random, depth);
      case 3:
        return random.nextInt(4) == 0 ? new Alias() : scalar(random);
      default:
        return depth == 0 && random.nextInt(4) > 0 ? mapping(random, depth) : scalar(random);
    }
  }

  private static Mapping mapping(SplittableRandom random, int depth) {
    List<Entry> entries = new ArrayList<>();
    int size = random.nextInt(6);
    for (int i = 0; i < size; i++) {
      Node key =
          random.nextInt(12) == 0
              ? tree(random, depth + 1)
              : new Scalar(random.nextInt(4) == 0 ? text(random) : pick(random, KEYS));
      entries.add(new Entry(key, tree(random, depth + 1)));
      if (random.nextInt(10) == 0) {
        entries.add(new Entry(key, tree(random, depth + 1)));
      }
    }
    return new Mapping(entries);
  }

  private static Sequence sequence(SplittableRandom random, int depth) {
    List<Node> items = new ArrayList<>();
    int size = random.nextInt(5);
    for (int i = 0; i < size; i++) {
      items.add(tree(random, depth + 1));
    }
    return new Sequence(items);
  }

  /** Numbers, sizes and durations at and past the edges of what their keys take. */
  private static final List<String> NUMBERS =
      List.of(
          "0",
          "-0",
          "+1",
          "-1",
          "1",
          "2147483647",
          "2147483648",
          "-2147483649",
          "9223372036854775807",
          "9223372036854775808",
          "-9223372036854775809",
          "99999999999999999999999999",
          "1_000",
          "_1",
          "1__0",
          "00000000000000000000001",
          "1.5",
          "1e400",
          "65536",
          "8589934592KiB",
          "9223372036854775807B",
          "9223372036854775807GiB",
          "1 MiB",
          "1mib",
          "9223372036854775807ms",
          "9223372036854775807h",
          "106751991167301d",
          "3600001ms",
          "1 hours",
          "9223372036854775807 months",
          "10001");

  private static Scalar scalar(SplittableRandom random) {
    int kind = random.nextInt(4);
    return new Scalar(
        kind == 0 ? text(random) : kind == 1 ? pick(random, NUMBERS) : pick(random, VALUES));
  }

  private static String text(SplittableRandom random) {
    switch (random.nextInt(4)) {
      case 0:
        return random.nextInt(4) == 0
            ? Gen.unicode(20).next(random)
            : Gen.strings("aé中\u0301 🙂-_./:", 0, 12).next(random);
      case 1:
        return Gen.longs().next(random).toString();
      case 2:
        // A near miss: a real key or value with one character changed.
        String word = pick(random, random.nextBoolean() ? KEYS : VALUES);
        if (word.isEmpty()) {
          return "x";
        }
        int at = random.nextInt(word.length());
        return word.substring(0, at) + (char) random.nextInt(0x20, 0x7f) + word.substring(at + 1);
      default:
        return Gen.strings("abcdefghijklmnopqrstuvwxyz_.-/{}$:", 0, 12).next(random);
    }
  }

  /** A config that loads, in one of a few shapes. */
  static Mapping valid(SplittableRandom random) {
    List<Entry> export = new ArrayList<>();
    export.add(entry("name", scalar("orders")));
    export.add(
        random.nextBoolean()
            ? entry("table", scalar("public.orders"))
            : entry(pick(random, List.of("from", "query")), scalar("SELECT id FROM t")));
    export.add(
        entry("destination", scalar(pick(random, List.of("./out", "s3://bucket/x/{export}")))));
    switch (random.nextInt(4)) {
      case 1:
        export.add(entry("mode", scalar("incremental")));
        export.add(
            entry(
                "cursor",
                new Mapping(
                    List.of(
                        entry("column", scalar("updated_at")),
                        entry("type", scalar("timestamp"))))));
        break;
      case 2:
        export.add(entry("mode", scalar("chunked")));
        export.add(
            entry(
                "chunk",
                new Mapping(
                    List.of(
                        entry("column", scalar("created_at")),
                        entry("by", scalar("day")),
                        entry("time_zone", scalar("Europe/Berlin"))))));
        break;
      case 3:
        export.add(entry("mode", scalar("time_window")));
        export.add(
            entry(
                "window",
                new Mapping(
                    List.of(
                        entry("column", scalar("created_at")), entry("last", scalar("7 days"))))));
        break;
      default:
        break;
    }
    export.add(
        entry(
            "retries",
            new Mapping(
                List.of(
                    entry("attempts", scalar("5")),
                    entry("backoff", scalar("1s")),
                    entry("max_backoff", scalar("1m"))))));
    export.add(
        entry(
            "tuning",
            new Mapping(
                List.of(
                    entry("profile", scalar("safe")),
                    entry("pause_between_chunks", scalar("100ms"))))));
    export.add(entry("chunk_rows", scalar("1000")));
    export.add(entry("fetch_size", scalar("500")));
    export.add(entry("parallelism", scalar("2")));
    export.add(entry("row_group_size", scalar("8MiB")));
    export.add(entry("max_file_size", scalar("1GiB")));
    export.add(entry("max_rows_per_file", scalar("100000")));
    export.add(
        entry(
            "meta_columns",
            new Mapping(
                List.of(
                    entry("exported_at", scalar("true")),
                    entry("run_id", scalar("false")),
                    entry("row_hash", scalar("true"))))));

    List<Entry> root = new ArrayList<>();
    root.add(
        entry(
            "source",
            random.nextBoolean()
                ? new Mapping(List.of(entry("url", scalar("postgresql://app@127.0.0.1:5432/test"))))
                : new Mapping(
                    List.of(
                        entry("type", scalar(pick(random, List.of("postgresql", "mysql")))),
                        entry("host", scalar(pick(random, List.of("127.0.0.1", "::1", "db")))),
                        entry("port", scalar("5432")),
                        entry("database", scalar("test")),
                        entry("user", scalar("app"))))));
    if (random.nextBoolean()) {
      root.add(
          entry("state", scalar(pick(random, List.of(".rivet/state.db", "jdbc:sqlite:x.db")))));
    }
    root.add(entry("defaults", new Mapping(List.of(entry("format", scalar("csv"))))));
    root.add(entry("exports", new Sequence(List.of(new Mapping(export)))));
    if (random.nextBoolean()) {
      root.add(
          entry(
              "s3",
              new Mapping(
                  List.of(
                      entry("region", scalar("eu-west-1")),
                      entry("endpoint", scalar("http://127.0.0.1:9000")),
                      entry("upload_part_size", scalar("16MiB"))))));
    }
    if (random.nextBoolean()) {
      root.add(
          entry(
              "gcs",
              new Mapping(
                  List.of(
                      entry("project", scalar("p")), entry("upload_chunk_size", scalar("8MiB"))))));
    }
    return new Mapping(root);
  }

  /** A valid config with a few of its values, keys or entries replaced, added or removed. */
  static Node mutatedValid(SplittableRandom random) {
    Node node = valid(random);
    int mutations = random.nextInt(1, 4);
    for (int i = 0; i < mutations; i++) {
      node = random.nextBoolean() ? mutate(random, node, 0) : replaceLeaf(random, node);
    }
    return node;
  }

  /** {@code node} with one of its scalar values, chosen evenly, replaced by another value. */
  private static Node replaceLeaf(SplittableRandom random, Node node) {
    int leaves = countLeaves(node);
    return leaves == 0 ? node : replaceLeaf(random, node, new int[] {random.nextInt(leaves)});
  }

  private static int countLeaves(Node node) {
    if (node instanceof Mapping m) {
      return m.entries().stream().mapToInt(e -> countLeaves(e.value())).sum();
    }
    if (node instanceof Sequence s) {
      return s.items().stream().mapToInt(YamlDocs::countLeaves).sum();
    }
    return 1;
  }

  private static Node replaceLeaf(SplittableRandom random, Node node, int[] left) {
    if (node instanceof Mapping m) {
      List<Entry> entries = new ArrayList<>();
      for (Entry e : m.entries()) {
        entries.add(new Entry(e.key(), replaceLeaf(random, e.value(), left)));
      }
      return new Mapping(entries);
    }
    if (node instanceof Sequence s) {
      List<Node> items = new ArrayList<>();
      for (Node item : s.items()) {
        items.add(replaceLeaf(random, item, left));
      }
      return new Sequence(items);
    }
    return left[0]-- == 0 ? scalar(random) : node;
  }

  /** {@code node} with one change, more often deep inside it than near its top. */
  private static Node mutate(SplittableRandom random, Node node, int depth) {
    if (node instanceof Mapping m && !m.entries().isEmpty()) {
      List<Entry> entries = new ArrayList<>(m.entries());
      int at = random.nextInt(entries.size());
      Entry entry = entries.get(at);
      switch (random.nextInt(20)) {
        case 0:
          entries.set(at, new Entry(entry.key(), tree(random, depth + 1)));
          break;
        case 1:
          entries.remove(at);
          break;
        case 2:
          entries.add(new Entry(new Scalar(pick(random, KEYS)), tree(random, depth + 1)));
          break;
        case 3:
          entries.add(entry);
          break;
        case 4:
          entries.set(at, new Entry(new Scalar(text(random)), entry.value()));
          break;
        case 5:
          entries.set(at, new Entry(entry.key(), scalar(random)));
          break;
        default:
          entries.set(at, new Entry(entry.key(), mutate(random, entry.value(), depth + 1)));
      }
      return new Mapping(entries);
    }
    if (node instanceof Sequence s && !s.items().isEmpty()) {
      List<Node> items = new ArrayList<>(s.items());
      int at = random.nextInt(items.size());
      items.set(
          at,
          random.nextBoolean()
              ? mutate(random, items.get(at), depth + 1)
              : tree(random, depth + 1));
      if (random.nextInt(4) == 0) {
        items.add(items.get(at));
      }
      return new Sequence(items);
    }
    return random.nextBoolean() ? tree(random, depth) : scalar(random);
  }

  /** YAML text for {@code root}: block or flow style, with anchors, aliases, tabs and comments. */
  static String render(SplittableRandom random, Node root, boolean flow) {
    StringBuilder out = new StringBuilder();
    if (random.nextInt(8) == 0) {
      out.append(pick(random, List.of("---\n", "%YAML 1.1\n---\n", "# config\n", "\ufeff")));
    }
    Writer writer = new Writer(random, out);
    if (flow) {
      writer.flow(root);
    } else {
      writer.block(root, 0);
    }
    if (random.nextInt(10) == 0) {
      out.append(pick(random, List.of("\n...\n", "\n---\nsecond: doc\n", "\n\t\n", "\n#")));
    }
    return out.toString();
  }

  /** Writes nodes, setting anchors on some and pointing aliases at them. */
  private static final class Writer {
    private final SplittableRandom random;
    private final StringBuilder out;
    private final List<String> anchors = new ArrayList<>();

    Writer(SplittableRandom random, StringBuilder out) {
      this.random = random;
      this.out = out;
    }

    void block(Node node, int indent) {
      if (node instanceof Alias) {
        out.append(alias());
      } else if (node instanceof Scalar s) {
        out.append(anchor()).append(scalarText(s.text()));
      } else if (node instanceof Mapping m) {
        if (m.entries().isEmpty()) {
          out.append(anchor()).append("{}");
          return;
        }
        String anchor = anchor();
        if (!anchor.isEmpty()) {
          out.append(anchor);
        }
        boolean first = true;
        for (Entry e : m.entries()) {
          if (!first || indent > 0 || !anchor.isEmpty()) {
            out.append('\n').append(indentation(indent));
          }
          first = false;
          if (e.key() instanceof Scalar k) {
            out.append(random.nextInt(300) == 0 ? "<<" : scalarText(k.text()));
          } else {
            out.append("? ");
            flow(e.key());
            out.append('\n').append(indentation(indent));
          }
          out.append(": ");
          block(e.value(), indent + 2);
          if (random.nextInt(20) == 0) {
            out.append("  # note");
          }
        }
      } else if (node instanceof Sequence s) {
        if (s.items().isEmpty()) {
          out.append(anchor()).append("[]");
          return;
        }
        String anchor = anchor();
        out.append(anchor);
        for (Node item : s.items()) {
          out.append('\n').append(indentation(indent)).append("- ");
          block(item, indent + 2);
        }
      }
    }

    void flow(Node node) {
      if (node instanceof Alias) {
        out.append(alias());
      } else if (node instanceof Scalar s) {
        out.append(anchor()).append(quoted(s.text()));
      } else if (node instanceof Mapping m) {
        out.append(anchor()).append('{');
        for (int i = 0; i < m.entries().size(); i++) {
          out.append(i == 0 ? "" : ", ");
          flow(m.entries().get(i).key());
          out.append(": ");
          flow(m.entries().get(i).value());
        }
        out.append('}');
      } else if (node instanceof Sequence s) {
        out.append(anchor()).append('[');
        for (int i = 0; i < s.items().size(); i++) {
          out.append(i == 0 ? "" : ", ");
          flow(s.items().get(i));
        }
        out.append(']');
      }
    }

    private String indentation(int indent) {
      // Now and then a tab, which YAML forbids in indentation.
      return random.nextInt(2_000) == 0
          ? "\t" + " ".repeat(Math.max(0, indent - 1))
          : " ".repeat(indent);
    }

    private String anchor() {
      if (random.nextInt(8) != 0) {
        return "";
      }
      String name = "a" + anchors.size();
      anchors.add(name);
      return "&" + name + " ";
    }

    private String alias() {
      return anchors.isEmpty() || random.nextInt(40) == 0
          ? "*missing"
          : "*" + anchors.get(random.nextInt(anchors.size()));
    }

    private String scalarText(String text) {
      return quoted(text);
    }

    /** Plain where YAML reads the text back as itself, now and then plain anyway; else quoted. */
    private String quoted(String text) {
      boolean plain =
          PLAIN.matcher(text).matches() ? random.nextInt(3) > 0 : random.nextInt(15) == 0;
      if (plain) {
        return text;
      }
      // Single quotes cannot escape; characters YAML does not print need double quotes, mostly.
      boolean printable = text.chars().allMatch(c -> c >= 0x20 && c < 0xd800 || c == '\t');
      if (random.nextBoolean() && (printable || random.nextInt(10) == 0)) {
        return "'" + text.replace("'", "''") + "'";
      }
      StringBuilder escaped = new StringBuilder("\"");
      for (char c : text.toCharArray()) {
        if (c == '"' || c == '\\') {
          escaped.append('\\').append(c);
        } else if (c < 0x20 || Character.isSurrogate(c)) {
          escaped.append(String.format("\\u%04x", (int) c));
        } else {
          escaped.append(c);
        }
      }
      return escaped.append('"').toString();
    }
  }

  private static byte[] mutateBytes(SplittableRandom random, byte[] bytes) {
    byte[] copy = bytes.clone();
    int flips = random.nextInt(1, 5);
    for (int i = 0; i < flips && copy.length > 0; i++) {
      copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
    }
    return copy;
  }

  private static Entry entry(String key, Node value) {
    return new Entry(new Scalar(key), value);
  }

  private static Scalar scalar(String text) {
    return new Scalar(text);
  }

  private static <T> T pick(SplittableRandom random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> keys() {
    Set<String> keys = new LinkedHashSet<>();
    keys.addAll(List.of("source", "state", "defaults", "exports", "s3", "gcs"));
    keys.addAll(SourceReader.KEYS);
    keys.addAll(List.of("name", "from", "table", "query", "query_file"));
    keys.addAll(List.of("mode", "cursor", "chunk", "window"));
    keys.addAll(ExportSettings.KEYS);
    keys.addAll(ExportSettings.TUNING_KEYS);
    keys.addAll(ExportSettings.RETRY_KEYS);
    keys.addAll(MetaColumnsText.KEYS);
    keys.addAll(List.of("column", "type", "fallback", "lookback", "by", "size", "count"));
    keys.addAll(List.of("time_zone", "last"));
    keys.addAll(StorageReader.S3_KEYS);
    keys.addAll(StorageReader.GCS_KEYS);
    return List.copyOf(keys);
  }
}
