package dev.rivet.launcher.config;

import static dev.rivet.launcher.config.ConfigKey.Kind.BOOLEAN;
import static dev.rivet.launcher.config.ConfigKey.Kind.BOOLEAN_OR_LIST;
import static dev.rivet.launcher.config.ConfigKey.Kind.BYTES;
import static dev.rivet.launcher.config.ConfigKey.Kind.DECIMAL;
import static dev.rivet.launcher.config.ConfigKey.Kind.DURATION;
import static dev.rivet.launcher.config.ConfigKey.Kind.INTEGER;
import static dev.rivet.launcher.config.ConfigKey.Kind.INTEGER_OR_AUTO;
import static dev.rivet.launcher.config.ConfigKey.Kind.KEY_LIST;
import static dev.rivet.launcher.config.ConfigKey.Kind.LIST_MAP;
import static dev.rivet.launcher.config.ConfigKey.Kind.RATIO;
import static dev.rivet.launcher.config.ConfigKey.Kind.RATIO_MAP;
import static dev.rivet.launcher.config.ConfigKey.Kind.TEXT;
import static dev.rivet.launcher.config.ConfigKey.Kind.TEXT_OR_LIST;
import static dev.rivet.launcher.config.ConfigKey.Kind.TYPE_MAP;
import static dev.rivet.launcher.config.ConfigKey.choice;
import static dev.rivet.launcher.config.ConfigKey.choices;
import static dev.rivet.launcher.config.ConfigKey.of;
import static dev.rivet.launcher.config.ConfigKey.section;
import static dev.rivet.launcher.config.ConfigKey.sections;
import static dev.rivet.launcher.config.ConfigKey.textOrSection;

import dev.rivet.kernel.plan.ArrayBoundPolicy;
import dev.rivet.kernel.plan.ChunkBy;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.Consistency;
import dev.rivet.kernel.plan.CursorType;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.OnQualityFailure;
import dev.rivet.kernel.plan.ReadProtocol;
import dev.rivet.kernel.plan.SchemaDriftPolicy;
import dev.rivet.kernel.plan.ShapeDriftSettings;
import dev.rivet.kernel.plan.TuningProfile;
import dev.rivet.kernel.plan.ZeroDatePolicy;
import dev.rivet.kernel.source.HostKeyCheck;
import dev.rivet.kernel.source.TlsMode;
import dev.rivet.launcher.notify.NotificationEvent;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Every key of {@code rivet.yaml}, once: the readers validate each mapping against these sections
 * (unknown keys are errors) and read closed sets from these choices, and {@code rivet schema}
 * renders the same definitions as a JSON Schema.
 */
final class ConfigKeys {
  private ConfigKeys() {}

  static final List<String> MODES = List.of("full", "incremental", "chunked", "time_window");

  static final List<String> SOURCE_TYPES =
      List.of(SourceUrl.POSTGRESQL, SourceUrl.MYSQL, SourceUrl.MARIADB);

  /** The values of {@code source.tls.mode}: the modes that mean the same on every database. */
  static final List<String> TLS_MODES =
      List.of(
          TlsMode.DISABLE.wireName(),
          TlsMode.REQUIRE.wireName(),
          TlsMode.VERIFY_CA.wireName(),
          TlsMode.VERIFY_FULL.wireName());

  static final ConfigSection TLS =
      new ConfigSection(
          "tls",
          List.of(
              choice(
                  "mode",
                  TLS_MODES,
                  "disable: plain text; require: encrypted, server unchecked; verify-ca: server"
                      + " certificate signed by a trusted CA; verify-full: and issued for the"
                      + " host."),
              of("ca_file", TEXT, "PEM file of the CAs trusted for the server (else Java's)."),
              of("client_cert_file", TEXT, "PEM client certificate, with client_key_file."),
              of("client_key_file", TEXT, "The client certificate's PKCS-8 key (PEM or DER).")),
          List.of("mode"));

  static final ConfigSection DRIVER =
      new ConfigSection(
          "driver",
          List.of(
              of("class", TEXT, "The java.sql.Driver class to load."),
              of("jar", TEXT, "The jar file that holds it.")),
          List.of("class", "jar"));

  /** One SSH server on the way to the source (source.ssh, and each of its via hops). */
  static final ConfigSection SSH_HOP =
      new ConfigSection(
          "ssh hop",
          List.of(
              of("host", TEXT, "The SSH server's host name or address."),
              of("port", INTEGER, "The SSH server's port (default 22)."),
              of("user", TEXT, "The user to log in as (a via hop: default the ssh user)."),
              of("private_key_file", TEXT, "File holding the private key (OpenSSH or PEM)."),
              of(
                  "private_key_env",
                  TEXT,
                  "Name of the environment variable holding the private key text."),
              of("password_env", TEXT, "Name of the environment variable holding the password."),
              of(
                  "passphrase_env",
                  TEXT,
                  "Name of the environment variable holding the private key's passphrase."),
              of(
                  "known_hosts_file",
                  TEXT,
                  "OpenSSH known_hosts file the host key is checked against (default"
                      + " ~/.ssh/known_hosts)."),
              choice(
                  "strict_host_key_checking",
                  values(HostKeyCheck.values(), HostKeyCheck::wireValue),
                  "yes: refuse unknown host keys (default); accept-new: trust and record them;"
                      + " no: trust them unrecorded. A changed key is always refused.")),
          List.of("host"));

  static final ConfigSection SSH =
      SSH_HOP.plus(
          "ssh",
          new ConfigSection(
              "via",
              List.of(
                  sections(
                      "via",
                      SSH_HOP,
                      "Jump hosts reached before this one, in order (like ssh -J)."))));

  static final ConfigSection SOURCE =
      new ConfigSection(
          "source",
          List.of(
              of(
                  "url",
                  TEXT,
                  "The database: postgresql://host:5432/db, mysql://..., mariadb://... or a"
                      + " jdbc: URL."),
              of("host", TEXT, "Host name (instead of url); host:port,host2:port for failover."),
              of("port", INTEGER, "Port (with host); the database's default when absent."),
              of("database", TEXT, "Database name (with host)."),
              of("user", TEXT, "User name."),
              of("password_env", TEXT, "Name of the environment variable holding the password."),
              of("password_file", TEXT, "File holding the password (its first line)."),
              choice("type", SOURCE_TYPES, "The database kind, with host."),
              section("tls", TLS, "Encryption of the connection (required for a remote host)."),
              section("driver", DRIVER, "A JDBC driver loaded from a jar instead of Rivet's."),
              section("ssh", SSH, "Reach the database through an SSH tunnel.")));

  static final ConfigSection CURSOR =
      new ConfigSection(
          "cursor",
          List.of(
              of("column", TEXT, "The column whose growing value marks new rows."),
              choice(
                  "type",
                  values(CursorType.values(), CursorType::wireValue),
                  "How the cursor column's values are compared."),
              of("fallback", TEXT_OR_LIST, "Columns read when the cursor column is NULL."),
              of("lookback", DURATION, "How far before the last mark each run reads again.")));

  static final ConfigSection CHUNK =
      new ConfigSection(
          "chunk",
          List.of(
              of("column", TEXT, "The column the export is chunked by."),
              choice(
                  "by",
                  values(ChunkBy.values(), ChunkBy::wireValue),
                  "What one chunk of a run covers."),
              of("size", INTEGER, "Key values per run (with by: range)."),
              of("count", INTEGER, "Chunks per run."),
              of("time_zone", TEXT, "Time zone of calendar chunks (default UTC).")));

  static final ConfigSection WINDOW =
      new ConfigSection(
          "window",
          List.of(
              of("column", TEXT, "The time column the window applies to."),
              of("last", DURATION, "How far back from now each run reads, e.g. 7 days."),
              of("time_zone", TEXT, "Time zone of the window (default UTC).")));

  static final ConfigSection RETRIES =
      new ConfigSection(
          "retries",
          List.of(
              of("attempts", INTEGER, "Attempts per chunk, the first included."),
              of("backoff", DURATION, "Wait before the first retry; doubles each time."),
              of("max_backoff", DURATION, "Longest wait between attempts.")));

  static final ConfigSection TUNING =
      new ConfigSection(
          "tuning",
          List.of(
              choice(
                  "profile",
                  values(TuningProfile.values(), TuningProfile::wireValue),
                  "How hard the export may load the source."),
              of("pause_between_chunks", DURATION, "Pause after each chunk, per reader."),
              choice(
                  "read_protocol",
                  values(ReadProtocol.values(), ReadProtocol::wireValue),
                  "How PostgreSQL chunks are read: auto (binary COPY where every column"
                      + " decodes), copy, or jdbc."),
              of(
                  "max_source_latency",
                  DURATION,
                  "Slow the read rate, then pause, while the source's probe takes longer: a"
                      + " duration (500ms) or a factor of the latency measured at the start"
                      + " (2x); 0: off."),
              of(
                  "max_replica_lag",
                  DURATION,
                  "Slow down, then pause, while the replica lags more (0: off)."),
              of("max_rows_per_second", INTEGER, "Rows per second the export reads at most."),
              of(
                  "max_bytes_per_second",
                  BYTES,
                  "Bytes of values per second the export reads at most, e.g. 20MiB."),
              of(
                  "yield_to_sessions",
                  INTEGER,
                  "Read gently (one reader, 1,000-row cursor fetches) when at least this many"
                      + " other sessions were active on the source at plan time (0: off).")));

  static final ConfigSection META_COLUMNS =
      new ConfigSection(
          "meta_columns",
          List.of(
              of("exported_at", BOOLEAN, "Add a column with the run's time."),
              of("run_id", BOOLEAN, "Add a column with the run id."),
              of(
                  "row_hash",
                  BOOLEAN_OR_LIST,
                  "Add a hash of each row: true (every column) or a list of columns.")));

  /** The keys an export and {@code defaults} share. */
  static final ConfigSection SETTINGS =
      new ConfigSection(
          "settings",
          List.of(
              choice(
                  "format",
                  values(Format.values(), Format::wireValue),
                  "File format (default parquet)."),
              choice(
                  "compression",
                  values(Compression.values(), Compression::wireValue),
                  "Compression of the files."),
              of(
                  "destination",
                  TEXT,
                  "Where files go: a directory, file://, s3://, gs://, or - for standard output."),
              of("chunk_rows", INTEGER, "Target rows per chunk query."),
              of("fetch_size", INTEGER, "Rows per JDBC round trip."),
              of(
                  "parallelism",
                  INTEGER_OR_AUTO,
                  "Chunks read at once, or auto (from the table, connections, cores, profile)."),
              choice(
                  "consistency",
                  values(Consistency.values(), Consistency::wireValue),
                  "chunk (each chunk its own snapshot) or snapshot (PostgreSQL: one snapshot for"
                      + " the whole run)."),
              of("row_group_size", BYTES, "Parquet row group size, e.g. 64MiB."),
              of("batch_size_memory_mb", INTEGER, "Memory budget of a reader, in MiB."),
              of("max_value_size", BYTES, "Largest single value a reader holds."),
              choice(
                  "on_infinity",
                  values(InfinityPolicy.values(), InfinityPolicy::wireValue),
                  "What an infinite date or timestamp becomes."),
              choice(
                  "on_zero_date",
                  values(ZeroDatePolicy.values(), ZeroDatePolicy::wireValue),
                  "What a MySQL zero date becomes."),
              choice(
                  "on_array_lower_bound",
                  values(ArrayBoundPolicy.values(), ArrayBoundPolicy::wireValue),
                  "What a PostgreSQL array whose lower bound is not 1 does."),
              choice(
                  "on_schema_drift",
                  values(SchemaDriftPolicy.values(), SchemaDriftPolicy::wireValue),
                  "What a run does when the source's columns changed."),
              of("max_file_size", BYTES, "Start a new file past this size."),
              of("max_rows_per_file", INTEGER, "Start a new file past this many rows."),
              section("retries", RETRIES, "How failed chunks are retried."),
              section("tuning", TUNING, "Load on the source."),
              section("meta_columns", META_COLUMNS, "Columns Rivet adds to every row."),
              of(
                  ShapeDriftSettings.WARN_FACTOR_KEY,
                  DECIMAL,
                  "Warn when the row count changes by more than this factor."),
              of(
                  ShapeDriftSettings.NULL_RATIO_JUMP_KEY,
                  DECIMAL,
                  "Warn when a column's NULL ratio rises by more than this.")));

  static final ConfigSection QUALITY =
      new ConfigSection(
          "quality",
          List.of(
              of("row_count_min", INTEGER, "Fewest rows a run may have."),
              of("row_count_max", INTEGER, "Most rows a run may have."),
              of(
                  "row_count_change_max",
                  RATIO,
                  "Largest change of the row count against the last run, as a ratio."),
              of("null_ratio_max", RATIO_MAP, "Per column: the largest share of NULLs."),
              of("unique_columns", KEY_LIST, "Columns (or lists of columns) that must be unique."),
              of("accepted_values", LIST_MAP, "Per column: the only values it may hold.")));

  /** The keys of the quality contract, in an export and in {@code defaults}. */
  static final ConfigSection QUALITY_SETTINGS =
      new ConfigSection(
          "quality settings",
          List.of(
              section("quality", QUALITY, "The data contract each run must meet."),
              choice(
                  "on_quality_failure",
                  values(OnQualityFailure.values(), OnQualityFailure::wireValue),
                  "What a run that breaks its contract does.")));

  static final ConfigSection DEFAULTS = SETTINGS.plus("defaults", QUALITY_SETTINGS);

  static final ConfigSection EXPORT =
      new ConfigSection(
              "export",
              List.of(
                  of("name", TEXT, "The export's name: its folder, state and --export."),
                  of("from", TEXT, "A table (schema.table) or a SELECT."),
                  of("table", TEXT, "The table to export, schema.table."),
                  of("query", TEXT, "A SELECT whose rows are exported."),
                  of("query_file", TEXT, "A file holding the SELECT."),
                  choice("mode", MODES, "Which rows each run reads (default full)."),
                  section("cursor", CURSOR, "The cursor of mode: incremental."),
                  section("chunk", CHUNK, "The chunks of mode: chunked."),
                  section("window", WINDOW, "The window of mode: time_window."),
                  of(
                      "columns",
                      TYPE_MAP,
                      "Per column: the output type it is cast to (text, json, decimal(p,s), int64,"
                          + " float64, timestamp, timestamptz, date, uuid, binary)."),
                  of(
                      "allow_lossy",
                      BOOLEAN,
                      "Accept column overrides that can change or refuse values (default false).")),
              List.of("name"))
          .plus("export", SETTINGS)
          .plus("export", QUALITY_SETTINGS);

  static final ConfigSection S3 =
      new ConfigSection(
          "s3",
          List.of(
              of("region", TEXT, "The bucket's region."),
              of("endpoint", TEXT, "An S3-compatible store's URL."),
              of("path_style", BOOLEAN, "Address buckets by path (MinIO and the like)."),
              of("access_key_id", TEXT, "Access key id."),
              of("secret_access_key_env", TEXT, "Environment variable holding the secret key."),
              of("secret_access_key_file", TEXT, "File holding the secret key."),
              of("session_token_env", TEXT, "Environment variable holding a session token."),
              of("profile", TEXT, "A profile of the AWS config files."),
              of("upload_part_size", BYTES, "Size of each uploaded part.")));

  static final ConfigSection GCS =
      new ConfigSection(
          "gcs",
          List.of(
              of("project", TEXT, "Google Cloud project."),
              of("endpoint", TEXT, "A GCS-compatible store's URL."),
              of("credentials_file", TEXT, "Service account key file."),
              of("anonymous", BOOLEAN, "Connect without credentials."),
              of("upload_chunk_size", BYTES, "Size of each uploaded chunk.")));

  private static final List<String> EVENTS =
      values(NotificationEvent.values(), NotificationEvent::wireName);

  static final ConfigSection SLACK =
      new ConfigSection(
          "slack",
          List.of(
              of("webhook_url_env", TEXT, "Environment variable holding the webhook URL."),
              of("webhook_url_file", TEXT, "File holding the webhook URL."),
              choices("on", EVENTS, "The events that notify (default failure)."),
              of("timeout", DURATION, "Time limit of one attempt."),
              of("attempts", INTEGER, "Attempts per notification.")));

  static final ConfigSection WEBHOOK =
      new ConfigSection(
          "webhook",
          List.of(
              of("url", TEXT, "The URL each event is posted to."),
              of("url_env", TEXT, "Environment variable holding the URL."),
              choices("on", EVENTS, "The events that notify (default failure)."),
              of("timeout", DURATION, "Time limit of one attempt."),
              of("attempts", INTEGER, "Attempts per notification.")));

  static final ConfigSection NOTIFICATIONS =
      new ConfigSection(
          "notifications",
          List.of(
              section("slack", SLACK, "Post to a Slack incoming webhook."),
              section("webhook", WEBHOOK, "Post JSON to a URL.")));

  /** The mapping form of {@code state}: a URL, and how a PostgreSQL state store is reached. */
  static final ConfigSection STATE =
      new ConfigSection(
          "state",
          List.of(
              of("url", TEXT, "A state file path, or a postgresql:// URL (RIVET_STATE_URL wins)."),
              section("tls", TLS, "Encryption of the PostgreSQL state connection."),
              section("ssh", SSH, "Reach the PostgreSQL state store through an SSH tunnel.")));

  static final ConfigSection ROOT =
      new ConfigSection(
          "rivet.yaml",
          List.of(
              section("source", SOURCE, "The database the exports read."),
              textOrSection(
                  "state",
                  STATE,
                  "Where Rivet keeps its state: a file, or a postgresql:// URL (or a mapping"
                      + " with url, tls and ssh)."),
              section("defaults", DEFAULTS, "Settings every export inherits."),
              sections("exports", EXPORT, "The exports."),
              section("s3", S3, "How s3:// destinations are reached."),
              section("gcs", GCS, "How gs:// destinations are reached."),
              section("notifications", NOTIFICATIONS, "Where run events are sent."),
              of("metrics_file", TEXT, "A file each run writes Prometheus metrics to.")),
          List.of("source", "exports"));

  private static <E> List<String> values(E[] values, Function<E, String> wireName) {
    return Arrays.stream(values).map(wireName).toList();
  }
}
