package dev.rivet.kernel.plan;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.source.SourceKind;
import java.io.Serializable;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One validated export: what to read, how to split it, and how to write it.
 *
 * @param destination where the files go, parsed when the config is read; stored plans keep it as
 *     its {@link Destination#text()}
 * @param chunkRows target rows per chunk query (the planner's split size)
 * @param fetchSize rows the JDBC driver fetches per round trip
 * @param parallelism maximum chunks read at once (= source connections held at once)
 * @param rowGroupBytes Parquet row-group size; bounds the writer's buffer per open file
 * @param onInfinity what to write for PostgreSQL infinity dates and timestamps
 * @param onZeroDate what to write for MySQL zero dates; plans stored before it existed read as
 *     {@link ZeroDatePolicy#DEFAULT}
 * @param mode what each run reads; plans stored before it existed read as {@link FullMode}
 * @param rotation when a chunk's output moves on to a new file; null reads as no limit
 * @param retry how often a chunk that failed transiently is read again; null (and plans stored
 *     before it existed) reads as {@link RetrySettings#DEFAULT}
 * @param pauseBetweenChunksMillis how long each reader waits after a chunk before the next one, to
 *     spare the source; 0 (also for plans stored before it existed) for no pause
 * @param onSchemaDrift what a run does when the source's columns differ from the export's last
 *     accepted schema; null (and plans stored before it existed) reads as {@link
 *     SchemaDriftPolicy#DEFAULT}
 * @param shapeDrift when a run's column shape is reported as drifted; null (and plans stored before
 *     it existed) reads as {@link ShapeDriftSettings#DEFAULT}
 * @param quality the data contract checked before the run is published; null (also for plans stored
 *     before it existed) for none
 * @param metaColumns the lineage columns appended to every row; null (and plans stored before it
 *     existed) reads as {@link MetaColumns#NONE}
 * @param memory {@code batch_size_memory_mb} and {@code max_value_size}; null (and plans stored
 *     before it existed) reads as {@link MemorySettings#DERIVED}
 * @param readProtocol how chunks' rows come from the source ({@code tuning.read_protocol}); null
 *     (and plans stored before it existed) reads as {@link ReadProtocol#DEFAULT}
 * @param consistency which point in time the run's rows come from ({@code consistency}); null (and
 *     plans stored before it existed) reads as {@link Consistency#DEFAULT}
 * @param onArrayLowerBound what to do with a PostgreSQL array whose lower bound is not 1; null (and
 *     plans stored before it existed) reads as {@link ArrayBoundPolicy#DEFAULT}
 * @param governor the run's reaction to its source, its rate limits and whether its parallelism is
 *     {@code auto}; null (and plans stored before it existed) reads as {@link
 *     GovernorSettings#NONE}
 * @param columnOverrides the {@code columns:} output type overrides and {@code allow_lossy}; null
 *     (and plans stored before it existed) reads as {@link ColumnOverrides#NONE}
 */
public record ExportSpec(
    String name,
    Relation relation,
    Format format,
    Compression compression,
    Destination destination,
    long chunkRows,
    int fetchSize,
    int parallelism,
    long rowGroupBytes,
    InfinityPolicy onInfinity,
    ZeroDatePolicy onZeroDate,
    ExtractMode mode,
    FileRotation rotation,
    RetrySettings retry,
    long pauseBetweenChunksMillis,
    SchemaDriftPolicy onSchemaDrift,
    ShapeDriftSettings shapeDrift,
    QualityContract quality,
    MetaColumns metaColumns,
    MemorySettings memory,
    ReadProtocol readProtocol,
    Consistency consistency,
    ArrayBoundPolicy onArrayLowerBound,
    GovernorSettings governor,
    ColumnOverrides columnOverrides)
    implements Serializable {

  public static final long DEFAULT_ROW_GROUP_BYTES = 64L * 1024 * 1024;

  /** Smaller row groups make Parquet files mostly metadata. */
  public static final long MIN_ROW_GROUP_BYTES = 1024L * 1024;

  /**
   * Rows per chunk query. A billion rows is more than one statement should read; a table that large
   * is split, or read whole by a {@code query}.
   */
  public static final SettingRange CHUNK_ROWS = new SettingRange("chunk_rows", 1, 1_000_000_000L);

  /** Rows per driver round trip; more than a million is held in memory at once, per reader. */
  public static final SettingRange FETCH_SIZE = new SettingRange("fetch_size", 1, 1_000_000);

  /** More connections than 1024 is a misconfiguration, not tuning. */
  public static final SettingRange PARALLELISM = new SettingRange("parallelism", 1, 1024);

  /** Longer pauses make an export of many chunks take days. */
  public static final long MAX_PAUSE_MILLIS = 600_000L;

  public ExportSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(relation, "relation");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(onInfinity, "onInfinity");
    if (onZeroDate == null) {
      onZeroDate = ZeroDatePolicy.DEFAULT;
    }
    if (mode == null) {
      mode = new FullMode();
    }
    if (rotation == null) {
      rotation = FileRotation.NONE;
    }
    if (retry == null) {
      retry = RetrySettings.DEFAULT;
    }
    if (onSchemaDrift == null) {
      onSchemaDrift = SchemaDriftPolicy.DEFAULT;
    }
    if (shapeDrift == null) {
      shapeDrift = ShapeDriftSettings.DEFAULT;
    }
    if (metaColumns == null) {
      metaColumns = MetaColumns.NONE;
    }
    if (memory == null) {
      memory = MemorySettings.DERIVED;
    }
    if (readProtocol == null) {
      readProtocol = ReadProtocol.DEFAULT;
    }
    if (consistency == null) {
      consistency = Consistency.DEFAULT;
    }
    if (onArrayLowerBound == null) {
      onArrayLowerBound = ArrayBoundPolicy.DEFAULT;
    }
    if (governor == null) {
      governor = GovernorSettings.NONE;
    }
    if (columnOverrides == null) {
      columnOverrides = ColumnOverrides.NONE;
    }
    if (quality != null && destination instanceof Destination.Stdout) {
      throw new InvalidSettingException(
          "quality",
          "a quality contract cannot be checked for an export to standard output (its rows are"
              + " gone once written, so nothing can hold a run back)",
          "write the export to a folder (destination: ./out) to check quality, or remove quality");
    }
    ExportName.check(name);
    CHUNK_ROWS.check(chunkRows);
    FETCH_SIZE.check(fetchSize);
    PARALLELISM.check(parallelism);
    if (rowGroupBytes < MIN_ROW_GROUP_BYTES) {
      throw new InvalidSettingException(
          "row_group_size",
          rowGroupBytes + " bytes is below the minimum of " + MIN_ROW_GROUP_BYTES + " bytes (1MiB)",
          "use at least 1MiB");
    }
    if (pauseBetweenChunksMillis < 0 || pauseBetweenChunksMillis > MAX_PAUSE_MILLIS) {
      throw new InvalidSettingException(
          "tuning.pause_between_chunks",
          Millis.describe(pauseBetweenChunksMillis)
              + " is out of range (expected 0 to "
              + Millis.describe(MAX_PAUSE_MILLIS)
              + ")",
          "use at most " + Millis.describe(MAX_PAUSE_MILLIS));
    }
  }

  /** An export reading through the {@link ReadProtocol#DEFAULT} protocol. */
  public ExportSpec(
      String name,
      Relation relation,
      Format format,
      Compression compression,
      Destination destination,
      long chunkRows,
      int fetchSize,
      int parallelism,
      long rowGroupBytes,
      InfinityPolicy onInfinity,
      ZeroDatePolicy onZeroDate,
      ExtractMode mode,
      FileRotation rotation,
      RetrySettings retry,
      long pauseBetweenChunksMillis,
      SchemaDriftPolicy onSchemaDrift,
      ShapeDriftSettings shapeDrift,
      QualityContract quality,
      MetaColumns metaColumns,
      MemorySettings memory) {
    this(
        name,
        relation,
        format,
        compression,
        destination,
        chunkRows,
        fetchSize,
        parallelism,
        rowGroupBytes,
        onInfinity,
        onZeroDate,
        mode,
        rotation,
        retry,
        pauseBetweenChunksMillis,
        onSchemaDrift,
        shapeDrift,
        quality,
        metaColumns,
        memory,
        null);
  }

  /** An export with the default consistency and array-bound policy. */
  public ExportSpec(
      String name,
      Relation relation,
      Format format,
      Compression compression,
      Destination destination,
      long chunkRows,
      int fetchSize,
      int parallelism,
      long rowGroupBytes,
      InfinityPolicy onInfinity,
      ZeroDatePolicy onZeroDate,
      ExtractMode mode,
      FileRotation rotation,
      RetrySettings retry,
      long pauseBetweenChunksMillis,
      SchemaDriftPolicy onSchemaDrift,
      ShapeDriftSettings shapeDrift,
      QualityContract quality,
      MetaColumns metaColumns,
      MemorySettings memory,
      ReadProtocol readProtocol) {
    this(
        name,
        relation,
        format,
        compression,
        destination,
        chunkRows,
        fetchSize,
        parallelism,
        rowGroupBytes,
        onInfinity,
        onZeroDate,
        mode,
        rotation,
        retry,
        pauseBetweenChunksMillis,
        onSchemaDrift,
        shapeDrift,
        quality,
        metaColumns,
        memory,
        readProtocol,
        null,
        null);
  }

  /** An export without a governor, rate limits or automatic parallelism. */
  public ExportSpec(
      String name,
      Relation relation,
      Format format,
      Compression compression,
      Destination destination,
      long chunkRows,
      int fetchSize,
      int parallelism,
      long rowGroupBytes,
      InfinityPolicy onInfinity,
      ZeroDatePolicy onZeroDate,
      ExtractMode mode,
      FileRotation rotation,
      RetrySettings retry,
      long pauseBetweenChunksMillis,
      SchemaDriftPolicy onSchemaDrift,
      ShapeDriftSettings shapeDrift,
      QualityContract quality,
      MetaColumns metaColumns,
      MemorySettings memory,
      ReadProtocol readProtocol,
      Consistency consistency,
      ArrayBoundPolicy onArrayLowerBound) {
    this(
        name,
        relation,
        format,
        compression,
        destination,
        chunkRows,
        fetchSize,
        parallelism,
        rowGroupBytes,
        onInfinity,
        onZeroDate,
        mode,
        rotation,
        retry,
        pauseBetweenChunksMillis,
        onSchemaDrift,
        shapeDrift,
        quality,
        metaColumns,
        memory,
        readProtocol,
        consistency,
        onArrayLowerBound,
        null);
  }

  /** This export with {@code newGovernor} as its governor, rate limits and parallelism choice. */
  public ExportSpec withGovernor(GovernorSettings newGovernor) {
    return copy(c -> c.governor = newGovernor);
  }

  /** An export without column overrides. */
  public ExportSpec(
      String name,
      Relation relation,
      Format format,
      Compression compression,
      Destination destination,
      long chunkRows,
      int fetchSize,
      int parallelism,
      long rowGroupBytes,
      InfinityPolicy onInfinity,
      ZeroDatePolicy onZeroDate,
      ExtractMode mode,
      FileRotation rotation,
      RetrySettings retry,
      long pauseBetweenChunksMillis,
      SchemaDriftPolicy onSchemaDrift,
      ShapeDriftSettings shapeDrift,
      QualityContract quality,
      MetaColumns metaColumns,
      MemorySettings memory,
      ReadProtocol readProtocol,
      Consistency consistency,
      ArrayBoundPolicy onArrayLowerBound,
      GovernorSettings governor) {
    this(
        name,
        relation,
        format,
        compression,
        destination,
        chunkRows,
        fetchSize,
        parallelism,
        rowGroupBytes,
        onInfinity,
        onZeroDate,
        mode,
        rotation,
        retry,
        pauseBetweenChunksMillis,
        onSchemaDrift,
        shapeDrift,
        quality,
        metaColumns,
        memory,
        readProtocol,
        consistency,
        onArrayLowerBound,
        governor,
        ColumnOverrides.NONE);
  }

  /** This export with other column overrides. */
  public ExportSpec withColumnOverrides(ColumnOverrides overrides) {
    return copy(c -> c.columnOverrides = overrides);
  }

  /** This export reading at {@code newConsistency}. */
  public ExportSpec withConsistency(Consistency newConsistency) {
    return copy(c -> c.consistency = newConsistency);
  }

  /** This export with {@code policy} for arrays whose lower bound is not 1. */
  public ExportSpec withArrayLowerBound(ArrayBoundPolicy policy) {
    return copy(c -> c.onArrayLowerBound = policy);
  }

  /** This export reading through {@code protocol}. */
  public ExportSpec withReadProtocol(ReadProtocol protocol) {
    return copy(c -> c.readProtocol = protocol);
  }

  /** An export whose memory settings are derived (see {@link MemorySettings#resolve}). */
  public ExportSpec(
      String name,
      Relation relation,
      Format format,
      Compression compression,
      Destination destination,
      long chunkRows,
      int fetchSize,
      int parallelism,
      long rowGroupBytes,
      InfinityPolicy onInfinity,
      ZeroDatePolicy onZeroDate,
      ExtractMode mode,
      FileRotation rotation,
      RetrySettings retry,
      long pauseBetweenChunksMillis,
      SchemaDriftPolicy onSchemaDrift,
      ShapeDriftSettings shapeDrift,
      QualityContract quality,
      MetaColumns metaColumns) {
    this(
        name,
        relation,
        format,
        compression,
        destination,
        chunkRows,
        fetchSize,
        parallelism,
        rowGroupBytes,
        onInfinity,
        onZeroDate,
        mode,
        rotation,
        retry,
        pauseBetweenChunksMillis,
        onSchemaDrift,
        shapeDrift,
        quality,
        metaColumns,
        null);
  }

  /**
   * An export with the default schema drift policy and shape drift settings, no data contract and
   * no lineage columns.
   */
  public ExportSpec(
      String name,
      Relation relation,
      Format format,
      Compression compression,
      Destination destination,
      long chunkRows,
      int fetchSize,
      int parallelism,
      long rowGroupBytes,
      InfinityPolicy onInfinity,
      ZeroDatePolicy onZeroDate,
      ExtractMode mode,
      FileRotation rotation,
      RetrySettings retry,
      long pauseBetweenChunksMillis) {
    this(
        name,
        relation,
        format,
        compression,
        destination,
        chunkRows,
        fetchSize,
        parallelism,
        rowGroupBytes,
        onInfinity,
        onZeroDate,
        mode,
        rotation,
        retry,
        pauseBetweenChunksMillis,
        null,
        null,
        null,
        null);
  }

  /** A full export without file rotation, with default retries and no pause. */
  public ExportSpec(
      String name,
      Relation relation,
      Format format,
      Compression compression,
      Destination destination,
      long chunkRows,
      int fetchSize,
      int parallelism,
      long rowGroupBytes,
      InfinityPolicy onInfinity,
      ZeroDatePolicy onZeroDate) {
    this(
        name,
        relation,
        format,
        compression,
        destination,
        chunkRows,
        fetchSize,
        parallelism,
        rowGroupBytes,
        onInfinity,
        onZeroDate,
        null,
        null,
        null,
        0);
  }

  /** This export in another mode. */
  public ExportSpec withMode(ExtractMode newMode) {
    return copy(c -> c.mode = newMode);
  }

  /** This export with another file rotation. */
  public ExportSpec withRotation(FileRotation newRotation) {
    return copy(c -> c.rotation = newRotation);
  }

  /** This export with other retry settings. */
  public ExportSpec withRetry(RetrySettings newRetry) {
    return copy(c -> c.retry = newRetry);
  }

  /** This export, pausing {@code millis} after each chunk it reads. */
  public ExportSpec withPause(long millis) {
    return copy(c -> c.pauseBetweenChunksMillis = millis);
  }

  /** This export with another schema drift policy. */
  public ExportSpec withSchemaDrift(SchemaDriftPolicy policy) {
    return copy(c -> c.onSchemaDrift = policy);
  }

  /** This export with other shape drift settings. */
  public ExportSpec withShapeDrift(ShapeDriftSettings newShapeDrift) {
    return copy(c -> c.shapeDrift = newShapeDrift);
  }

  /** This export with another data contract (null for none). */
  public ExportSpec withQuality(QualityContract newQuality) {
    return copy(c -> c.quality = newQuality);
  }

  /** This export with other lineage columns. */
  public ExportSpec withMetaColumns(MetaColumns newMetaColumns) {
    return copy(c -> c.metaColumns = newMetaColumns);
  }

  /** This export with other memory settings. */
  public ExportSpec withMemory(MemorySettings newMemory) {
    return copy(c -> c.memory = newMemory);
  }

  /** An export with the default zero-date policy. */
  public ExportSpec(
      String name,
      Relation relation,
      Format format,
      Compression compression,
      Destination destination,
      long chunkRows,
      int fetchSize,
      int parallelism,
      long rowGroupBytes,
      InfinityPolicy onInfinity) {
    this(
        name,
        relation,
        format,
        compression,
        destination,
        chunkRows,
        fetchSize,
        parallelism,
        rowGroupBytes,
        onInfinity,
        ZeroDatePolicy.DEFAULT);
  }

  /**
   * An export with every tuning value and value policy at its default (chunk size: PostgreSQL's).
   */
  public static ExportSpec withDefaults(
      String name,
      Relation relation,
      Format format,
      Compression compression,
      Destination destination) {
    return new ExportSpec(
        name,
        relation,
        format,
        compression,
        destination,
        TuningProfile.DEFAULT.chunkRows(SourceKind.POSTGRESQL),
        TuningProfile.DEFAULT.fetchSize(),
        TuningProfile.DEFAULT.parallelism(),
        DEFAULT_ROW_GROUP_BYTES,
        InfinityPolicy.DEFAULT);
  }

  /** This export with some of its settings changed by {@code change}, validated again. */
  private ExportSpec copy(Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return copy.build();
  }

  /** An export's settings, for copies that change a few of them. */
  private static final class Copy {
    private String name;
    private Relation relation;
    private Format format;
    private Compression compression;
    private Destination destination;
    private long chunkRows;
    private int fetchSize;
    private int parallelism;
    private long rowGroupBytes;
    private InfinityPolicy onInfinity;
    private ZeroDatePolicy onZeroDate;
    private ExtractMode mode;
    private FileRotation rotation;
    private RetrySettings retry;
    private long pauseBetweenChunksMillis;
    private SchemaDriftPolicy onSchemaDrift;
    private ShapeDriftSettings shapeDrift;
    private QualityContract quality;
    private MetaColumns metaColumns;
    private MemorySettings memory;
    private ReadProtocol readProtocol;
    private Consistency consistency;
    private ArrayBoundPolicy onArrayLowerBound;
    private GovernorSettings governor;
    private ColumnOverrides columnOverrides;

    Copy(ExportSpec export) {
      name = export.name;
      relation = export.relation;
      format = export.format;
      compression = export.compression;
      destination = export.destination;
      chunkRows = export.chunkRows;
      fetchSize = export.fetchSize;
      parallelism = export.parallelism;
      rowGroupBytes = export.rowGroupBytes;
      onInfinity = export.onInfinity;
      onZeroDate = export.onZeroDate;
      mode = export.mode;
      rotation = export.rotation;
      retry = export.retry;
      pauseBetweenChunksMillis = export.pauseBetweenChunksMillis;
      onSchemaDrift = export.onSchemaDrift;
      shapeDrift = export.shapeDrift;
      quality = export.quality;
      metaColumns = export.metaColumns;
      memory = export.memory;
      readProtocol = export.readProtocol;
      consistency = export.consistency;
      onArrayLowerBound = export.onArrayLowerBound;
      governor = export.governor;
      columnOverrides = export.columnOverrides;
    }

    ExportSpec build() {
      return new ExportSpec(
          name,
          relation,
          format,
          compression,
          destination,
          chunkRows,
          fetchSize,
          parallelism,
          rowGroupBytes,
          onInfinity,
          onZeroDate,
          mode,
          rotation,
          retry,
          pauseBetweenChunksMillis,
          onSchemaDrift,
          shapeDrift,
          quality,
          metaColumns,
          memory,
          readProtocol,
          consistency,
          onArrayLowerBound,
          governor,
          columnOverrides);
    }
  }
}
