package dev.rivet.launcher.config;

import dev.rivet.planner.model.Compression;
import dev.rivet.planner.model.Format;
import dev.rivet.planner.model.InfinityPolicy;
import dev.rivet.planner.model.ZeroDatePolicy;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tuning keys an export shares with {@code defaults}, each already validated; null means the
 * key was not set at this level.
 */
record ExportSettings(
    Format format,
    Compression compression,
    String destination,
    Long chunkRows,
    Integer fetchSize,
    Integer parallelism,
    Long rowGroupBytes,
    InfinityPolicy onInfinity,
    ZeroDatePolicy onZeroDate,
    Long maxFileBytes,
    Long maxRowsPerFile) {

  static final List<String> KEYS =
      List.of(
          "format",
          "compression",
          "destination",
          "chunk_rows",
          "fetch_size",
          "parallelism",
          "row_group_size",
          "on_infinity",
          "on_zero_date",
          "max_file_size",
          "max_rows_per_file");

  static final ExportSettings NONE =
      new ExportSettings(null, null, null, null, null, null, null, null, null, null, null);

  private static final long MIN_ROW_GROUP_BYTES = 1024L * 1024;
  private static final long MIN_FILE_BYTES = 1024L * 1024;
  private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://.*");

  static ExportSettings read(ConfigMapping m) {
    return new ExportSettings(
        m.has("format") ? m.get("format").choice(Format.values(), Format::wireValue) : null,
        m.has("compression")
            ? m.get("compression").choice(Compression.values(), Compression::wireValue)
            : null,
        m.has("destination") ? destination(m.get("destination")) : null,
        m.has("chunk_rows") ? m.get("chunk_rows").integer(1, Long.MAX_VALUE) : null,
        m.has("fetch_size") ? (int) m.get("fetch_size").integer(1, Integer.MAX_VALUE) : null,
        m.has("parallelism") ? (int) m.get("parallelism").integer(1, 1024) : null,
        m.has("row_group_size") ? m.get("row_group_size").byteSize(MIN_ROW_GROUP_BYTES) : null,
        m.has("on_infinity")
            ? m.get("on_infinity").choice(InfinityPolicy.values(), InfinityPolicy::wireValue)
            : null,
        m.has("on_zero_date")
            ? m.get("on_zero_date").choice(ZeroDatePolicy.values(), ZeroDatePolicy::wireValue)
            : null,
        m.has("max_file_size") ? m.get("max_file_size").byteSize(MIN_FILE_BYTES) : null,
        m.has("max_rows_per_file") ? m.get("max_rows_per_file").integer(1, Long.MAX_VALUE) : null);
  }

  /** These settings, with each unset one taken from {@code defaults}. */
  ExportSettings orElse(ExportSettings defaults) {
    return new ExportSettings(
        format != null ? format : defaults.format,
        compression != null ? compression : defaults.compression,
        destination != null ? destination : defaults.destination,
        chunkRows != null ? chunkRows : defaults.chunkRows,
        fetchSize != null ? fetchSize : defaults.fetchSize,
        parallelism != null ? parallelism : defaults.parallelism,
        rowGroupBytes != null ? rowGroupBytes : defaults.rowGroupBytes,
        onInfinity != null ? onInfinity : defaults.onInfinity,
        onZeroDate != null ? onZeroDate : defaults.onZeroDate,
        maxFileBytes != null ? maxFileBytes : defaults.maxFileBytes,
        maxRowsPerFile != null ? maxRowsPerFile : defaults.maxRowsPerFile);
  }

  /** A local directory as an absolute path; relative paths start at the config file's directory. */
  private static String destination(ConfigNode node) {
    String text = node.text();
    Matcher scheme = SCHEME.matcher(text);
    if (!scheme.matches()) {
      return node.file().resolve(text).toString();
    }
    String name = scheme.group(1).toLowerCase(Locale.ROOT);
    if (name.equals("s3") || name.equals("gs")) {
      throw node.error(
          "'" + text + "': " + name + ":// destinations are not supported yet (planned)",
          "write to a local directory for now, e.g. destination: ./out");
    }
    if (!name.equals("file")) {
      throw node.error(
          "'"
              + text
              + "' has an unsupported scheme '"
              + name
              + "' (valid: a local directory or file:///absolute/path)",
          "use a local directory, e.g. destination: ./out");
    }
    try {
      return Path.of(URI.create(text)).normalize().toString();
    } catch (IllegalArgumentException e) {
      throw node.error(
          "'" + text + "' is not a valid file URL (expected file:///absolute/path)",
          "write file:/// followed by an absolute path, or a plain directory path");
    }
  }
}
