package dev.rivet.launcher.config;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.destination.PathTemplate;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.TuningProfile;
import dev.rivet.kernel.plan.ZeroDatePolicy;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tuning keys an export shares with {@code defaults}, each parsed to its type (ranges are the
 * kernel records' to check); null means the key was not set at this level.
 */
record ExportSettings(
    Format format,
    Compression compression,
    Destination destination,
    Long chunkRows,
    Long fetchSize,
    Long parallelism,
    Long rowGroupBytes,
    InfinityPolicy onInfinity,
    ZeroDatePolicy onZeroDate,
    Long maxFileBytes,
    Long maxRowsPerFile,
    Long retryAttempts,
    Long retryBackoffMillis,
    Long retryMaxBackoffMillis,
    TuningProfile profile,
    Long pauseMillis) {

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
          "max_rows_per_file",
          "retries",
          "tuning");

  /** The keys of {@code tuning}. */
  static final List<String> TUNING_KEYS = List.of("profile", "pause_between_chunks");

  /** The keys of {@code retries}. */
  static final List<String> RETRY_KEYS = List.of("attempts", "backoff", "max_backoff");

  /** The keys of the group {@code key} ({@code retries} or {@code tuning}). */
  static List<String> subKeys(String key) {
    return key.equals("retries") ? RETRY_KEYS : TUNING_KEYS;
  }

  static final ExportSettings NONE =
      new ExportSettings(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
          null);

  private static final long MIN_FILE_BYTES = 1024L * 1024;
  private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://.*");

  static ExportSettings read(ConfigMapping m) {
    ConfigMapping retries = m.has("retries") ? m.get("retries").mapping(RETRY_KEYS) : null;
    ConfigMapping tuning = m.has("tuning") ? m.get("tuning").mapping(TUNING_KEYS) : null;
    return new ExportSettings(
        m.has("format") ? m.get("format").choice(Format.values(), Format::wireValue) : null,
        m.has("compression")
            ? m.get("compression").choice(Compression.values(), Compression::wireValue)
            : null,
        m.has("destination") ? destination(m.get("destination")) : null,
        m.has("chunk_rows") ? m.get("chunk_rows").integer() : null,
        m.has("fetch_size") ? m.get("fetch_size").integer() : null,
        m.has("parallelism") ? m.get("parallelism").integer() : null,
        m.has("row_group_size") ? m.get("row_group_size").byteSize(0) : null,
        m.has("on_infinity")
            ? m.get("on_infinity").choice(InfinityPolicy.values(), InfinityPolicy::wireValue)
            : null,
        m.has("on_zero_date")
            ? m.get("on_zero_date").choice(ZeroDatePolicy.values(), ZeroDatePolicy::wireValue)
            : null,
        m.has("max_file_size") ? m.get("max_file_size").byteSize(MIN_FILE_BYTES) : null,
        m.has("max_rows_per_file") ? m.get("max_rows_per_file").integer(1, Long.MAX_VALUE) : null,
        retries != null && retries.has("attempts") ? retries.get("attempts").integer() : null,
        retryMillis(retries, "backoff"),
        retryMillis(retries, "max_backoff"),
        tuning != null && tuning.has("profile")
            ? tuning.get("profile").choice(TuningProfile.values(), TuningProfile::wireValue)
            : null,
        tuning != null && tuning.has("pause_between_chunks")
            ? tuning.get("pause_between_chunks").durationMillis(Long.MAX_VALUE)
            : null);
  }

  private static Long retryMillis(ConfigMapping retries, String key) {
    return retries != null && retries.has(key)
        ? retries.get(key).durationMillis(Long.MAX_VALUE)
        : null;
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
        maxRowsPerFile != null ? maxRowsPerFile : defaults.maxRowsPerFile,
        retryAttempts != null ? retryAttempts : defaults.retryAttempts,
        retryBackoffMillis != null ? retryBackoffMillis : defaults.retryBackoffMillis,
        retryMaxBackoffMillis != null ? retryMaxBackoffMillis : defaults.retryMaxBackoffMillis,
        profile != null ? profile : defaults.profile,
        pauseMillis != null ? pauseMillis : defaults.pauseMillis);
  }

  /**
   * The destination as export specs store it: a local directory as an absolute path (relative paths
   * start at the config file's directory), {@code s3://bucket/prefix}, {@code gs://bucket/prefix},
   * or {@code -} for standard output; paths may hold {@link PathTemplate} placeholders, checked
   * here.
   */
  private static Destination destination(ConfigNode node) {
    String text = node.text();
    if (text.equals(Destination.STDOUT) || text.equalsIgnoreCase("stdout")) {
      return new Destination.Stdout();
    }
    Matcher scheme = SCHEME.matcher(text);
    String destination;
    if (!scheme.matches()) {
      destination = node.file().resolve(text).toString();
    } else {
      String name = scheme.group(1).toLowerCase(Locale.ROOT);
      if (name.equals("s3") || name.equals("gs")) {
        destination = (name + text.substring(name.length())).replaceAll("/+$", "");
      } else if (name.equals("file")) {
        destination = fileUrl(node, text);
      } else {
        throw node.error(
            "'"
                + text
                + "' has an unsupported scheme '"
                + name
                + "' (valid: a local directory, file:///absolute/path, s3://bucket/prefix,"
                + " gs://bucket/prefix, or - for standard output)",
            "use e.g. destination: ./out or destination: s3://my-bucket/extracts");
      }
    }
    try {
      return Destination.parse(destination);
    } catch (IllegalArgumentException e) {
      throw node.error(
          e.getMessage(),
          "placeholders are "
              + PathTemplate.describePlaceholders()
              + ", e.g. s3://my-bucket/extracts/{export}/{date}");
    }
  }

  private static String fileUrl(ConfigNode node, String text) {
    try {
      // Braces are not valid in a URI; placeholders survive as their percent-encoding.
      String encoded = text.replace("{", "%7B").replace("}", "%7D");
      return Path.of(URI.create(encoded)).normalize().toString();
    } catch (IllegalArgumentException e) {
      throw node.error(
          "'" + text + "' is not a valid file URL (expected file:///absolute/path)",
          "write file:/// followed by an absolute path, or a plain directory path");
    }
  }
}
