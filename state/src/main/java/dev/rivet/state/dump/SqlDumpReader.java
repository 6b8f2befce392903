package dev.rivet.state.dump;

import dev.rivet.kernel.failure.RivetException;
import dev.rivet.state.dump.SqlTokens.Kind;
import dev.rivet.state.dump.SqlTokens.Token;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a SQL dump as {@link SqlDumpWriter} writes it, statement by statement: only {@code BEGIN},
 * {@code COMMIT} and {@code INSERT INTO table (columns) VALUES (literals)} into a dumped table are
 * accepted, and the values are checked like a JSON dump's. Nothing in the file is executed as SQL.
 */
final class SqlDumpReader implements DumpReader {
  private final BufferedReader in;
  private final String name;
  private SqlTokens tokens;
  private DumpHeader header;
  private boolean begun;
  private boolean finished;
  private final Map<DumpTable, Integer> rows = new HashMap<>();

  SqlDumpReader(InputStream in, String name) {
    this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public DumpHeader header() {
    if (header == null) {
      String first;
      try {
        first = in.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      header = parseHeader(first);
      tokens = new SqlTokens(in, name, 2);
    }
    return header;
  }

  @Override
  public DumpRow next() {
    header();
    try {
      while (!finished) {
        Token token = tokens.next();
        if (token.is("BEGIN") && !begun) {
          begun = true;
          expect(";");
        } else if (token.is("COMMIT") && begun) {
          expect(";");
          Token after = tokens.next();
          if (after.kind() != Kind.END) {
            throw invalid(after, "expected the end of the file after COMMIT");
          }
          finished = true;
        } else if (token.is("INSERT") && begun) {
          return insert(token);
        } else if (token.kind() == Kind.END) {
          throw invalid(
              token, "the file ends without COMMIT: it was cut short, or is not a whole dump");
        } else {
          throw invalid(
              token,
              begun
                  ? "expected INSERT INTO one of " + DumpTable.names() + ", or COMMIT"
                  : "expected BEGIN");
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private DumpRow insert(Token insert) throws IOException {
    expect("INTO");
    Token tableName = tokens.next();
    DumpTable table =
        DumpTable.named(tableName.text().toLowerCase(java.util.Locale.ROOT))
            .filter(t -> tableName.kind() == Kind.WORD)
            .orElseThrow(
                () ->
                    invalid(
                        tableName,
                        "cannot insert into '"
                            + tableName.text()
                            + "'; a dump inserts into "
                            + DumpTable.names()));
    int index = rows.merge(table, 1, Integer::sum) - 1;
    String origin = name + ", line " + insert.line() + ": " + table.tableName() + "[" + index + "]";
    List<Integer> columns = new ArrayList<>();
    expect("(");
    do {
      Token column = tokens.next();
      int position = table.indexOf(column.text());
      if (column.kind() != Kind.WORD || position < 0) {
        throw invalid(
            column,
            "'"
                + column.text()
                + "' is not a column of "
                + table.tableName()
                + "; it has "
                + table.columnList());
      }
      if (columns.contains(position)) {
        throw invalid(column, "column " + column.text() + " appears twice");
      }
      columns.add(position);
    } while (separator());
    expect("VALUES");
    expect("(");
    Object[] values = new Object[table.columns().size()];
    int given = 0;
    do {
      Token literal = tokens.next();
      if (given >= columns.size()) {
        throw invalid(literal, "more values than the " + columns.size() + " columns named");
      }
      DumpColumn column = table.columns().get(columns.get(given++));
      values[table.indexOf(column.name())] = value(column, literal, origin + "." + column.name());
    } while (separator());
    expect(";");
    if (given < columns.size()) {
      throw DumpErrors.invalid(
          origin, given + " values for the " + columns.size() + " columns named");
    }
    for (int i = 0; i < values.length; i++) {
      DumpColumn column = table.columns().get(i);
      if (!columns.contains(i) && !column.nullable()) {
        throw DumpErrors.invalid(
            origin,
            "column " + column.name() + " is missing; expected " + column.type().expected());
      }
    }
    return new DumpRow(table, Arrays.asList(values), origin);
  }

  private static Object value(DumpColumn column, Token literal, String where) {
    if (literal.is("NULL")) {
      if (!column.nullable()) {
        throw DumpErrors.field(where, "is NULL; expected " + column.type().expected());
      }
      return null;
    }
    switch (column.type()) {
      case INTEGER:
        if (literal.kind() == Kind.NUMBER) {
          try {
            return Long.parseLong(literal.text());
          } catch (NumberFormatException e) {
            // reported below
          }
        }
        break;
      case INSTANT:
        if (literal.kind() == Kind.STRING) {
          Instant instant = DumpType.parseInstant(literal.text());
          if (instant != null) {
            return instant;
          }
        }
        break;
      default:
        if (literal.kind() == Kind.STRING) {
          return literal.text();
        }
    }
    throw DumpErrors.field(
        where,
        "is "
            + literal.shown()
            + "; expected "
            + column.type().expected()
            + (column.nullable() ? " or NULL" : ""));
  }

  /** Reads {@code ,} (true: another item follows) or {@code )} (false). */
  private boolean separator() throws IOException {
    Token token = tokens.next();
    if (token.is(",")) {
      return true;
    }
    if (token.is(")")) {
      return false;
    }
    throw invalid(token, "expected , or )");
  }

  private void expect(String word) throws IOException {
    Token token = tokens.next();
    if (!token.is(word)) {
      throw invalid(token, "expected " + word);
    }
  }

  private RivetException invalid(Token token, String problem) {
    return DumpErrors.invalid(
        name + ", line " + token.line(), "found " + token.shown() + "; " + problem);
  }

  private DumpHeader parseHeader(String first) {
    if (first == null || !first.startsWith(SqlDumpWriter.HEADER_PREFIX)) {
      throw DumpErrors.invalid(
          name + ", line 1",
          "expected '"
              + SqlDumpWriter.HEADER_PREFIX.strip()
              + " schema_version=…', the first line of a SQL dump that `rivet state export"
              + " --format sql` wrote");
    }
    Map<String, String> fields = new HashMap<>();
    for (String pair : first.substring(SqlDumpWriter.HEADER_PREFIX.length()).split(" ")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        fields.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    int version;
    try {
      version = Integer.parseInt(fields.getOrDefault("schema_version", ""));
    } catch (NumberFormatException e) {
      throw DumpErrors.invalid(name + ", line 1", "schema_version is not a whole number");
    }
    if (version > DumpHeader.SCHEMA_VERSION || version < 1) {
      throw DumpErrors.unreadableVersion(name, version);
    }
    Instant exportedAt = DumpType.parseInstant(fields.getOrDefault("exported_at", ""));
    if (exportedAt == null
        || !fields.containsKey("store.kind")
        || !fields.containsKey("store.schema_version")) {
      throw DumpErrors.invalid(
          name + ", line 1",
          "expected store.kind=…, store.schema_version=… and exported_at=… (a UTC time)");
    }
    return new DumpHeader(
        version, fields.get("store.kind"), fields.get("store.schema_version"), exportedAt);
  }
}
