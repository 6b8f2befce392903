package dev.rivet.kernel.plan;

import dev.rivet.kernel.destination.Destination;
import java.io.Serializable;
import java.util.Objects;

/**
 * One validated export: what to read ({@code name}, {@code relation}, {@code mode}), how to read it
 * ({@link ReadSettings}), how its values are written ({@link ValuePolicies}), where its files go
 * ({@link OutputSettings}) and what is checked before a run is published ({@link CheckSettings}).
 * Each group validates its own settings; this record checks the rules that span groups.
 *
 * @param mode what each run reads; null (and plans stored before it existed) reads as {@link
 *     FullMode}
 * @param checks null reads as {@link CheckSettings#DEFAULT}
 */
public record ExportSpec(
    String name,
    Relation relation,
    ExtractMode mode,
    ReadSettings read,
    ValuePolicies values,
    OutputSettings output,
    CheckSettings checks)
    implements Serializable {

  public ExportSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(relation, "relation");
    Objects.requireNonNull(read, "read");
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(output, "output");
    if (mode == null) {
      mode = new FullMode();
    }
    if (checks == null) {
      checks = CheckSettings.DEFAULT;
    }
    if (checks.quality() != null && output.destination() instanceof Destination.Stdout) {
      throw new InvalidSettingException(
          "quality",
          "a quality contract cannot be checked for an export to standard output (its rows are"
              + " gone once written, so nothing can hold a run back)",
          "write the export to a folder (destination: ./out) to check quality, or remove quality");
    }
    ExportName.check(name);
  }

  /**
   * A full export of {@code relation} with every tuning value and value policy at its default
   * (chunk size: PostgreSQL's).
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
        null,
        ReadSettings.defaults(),
        ValuePolicies.DEFAULT,
        OutputSettings.of(format, compression, destination),
        CheckSettings.DEFAULT);
  }

  // Shortcuts to the groups' settings, read throughout the planner and the pipeline.

  public Format format() {
    return output.format();
  }

  public Compression compression() {
    return output.compression();
  }

  public Destination destination() {
    return output.destination();
  }

  public long rowGroupBytes() {
    return output.rowGroupBytes();
  }

  public FileRotation rotation() {
    return output.rotation();
  }

  public long chunkRows() {
    return read.chunkRows();
  }

  public int fetchSize() {
    return read.fetchSize();
  }

  public int parallelism() {
    return read.parallelism();
  }

  public ReadProtocol readProtocol() {
    return read.readProtocol();
  }

  public Consistency consistency() {
    return read.consistency();
  }

  public long pauseBetweenChunksMillis() {
    return read.pauseBetweenChunksMillis();
  }

  public RetrySettings retry() {
    return read.retry();
  }

  public MemorySettings memory() {
    return read.memory();
  }

  public GovernorSettings governor() {
    return read.governor();
  }

  public InfinityPolicy onInfinity() {
    return values.onInfinity();
  }

  public ZeroDatePolicy onZeroDate() {
    return values.onZeroDate();
  }

  public ArrayBoundPolicy onArrayLowerBound() {
    return values.onArrayLowerBound();
  }

  public ColumnOverrides columnOverrides() {
    return values.columnOverrides();
  }

  public MetaColumns metaColumns() {
    return values.metaColumns();
  }

  public SchemaDriftPolicy onSchemaDrift() {
    return checks.onSchemaDrift();
  }

  public ShapeDriftSettings shapeDrift() {
    return checks.shapeDrift();
  }

  /** The data contract, or null for none. */
  public QualityContract quality() {
    return checks.quality();
  }

  // Copies with one group, or one setting, changed; each validated again.

  /** This export in another mode. */
  public ExportSpec withMode(ExtractMode newMode) {
    return new ExportSpec(name, relation, newMode, read, values, output, checks);
  }

  /** This export reading with {@code newRead}. */
  public ExportSpec withRead(ReadSettings newRead) {
    return new ExportSpec(name, relation, mode, newRead, values, output, checks);
  }

  /** This export writing values by {@code newValues}. */
  public ExportSpec withValues(ValuePolicies newValues) {
    return new ExportSpec(name, relation, mode, read, newValues, output, checks);
  }

  /** This export writing files by {@code newOutput}. */
  public ExportSpec withOutput(OutputSettings newOutput) {
    return new ExportSpec(name, relation, mode, read, values, newOutput, checks);
  }

  /** This export checking {@code newChecks}. */
  public ExportSpec withChecks(CheckSettings newChecks) {
    return new ExportSpec(name, relation, mode, read, values, output, newChecks);
  }

  /** This export with another file rotation. */
  public ExportSpec withRotation(FileRotation newRotation) {
    OutputSettings o = output;
    return withOutput(
        new OutputSettings(
            o.format(), o.compression(), o.destination(), o.rowGroupBytes(), newRotation));
  }

  /** This export reading through {@code protocol}. */
  public ExportSpec withReadProtocol(ReadProtocol protocol) {
    ReadSettings r = read;
    return withRead(
        new ReadSettings(
            r.chunkRows(),
            r.fetchSize(),
            r.parallelism(),
            protocol,
            r.consistency(),
            r.pauseBetweenChunksMillis(),
            r.retry(),
            r.memory(),
            r.governor()));
  }

  /** This export reading at {@code newConsistency}. */
  public ExportSpec withConsistency(Consistency newConsistency) {
    ReadSettings r = read;
    return withRead(
        new ReadSettings(
            r.chunkRows(),
            r.fetchSize(),
            r.parallelism(),
            r.readProtocol(),
            newConsistency,
            r.pauseBetweenChunksMillis(),
            r.retry(),
            r.memory(),
            r.governor()));
  }

  /** This export, pausing {@code millis} after each chunk it reads. */
  public ExportSpec withPause(long millis) {
    ReadSettings r = read;
    return withRead(
        new ReadSettings(
            r.chunkRows(),
            r.fetchSize(),
            r.parallelism(),
            r.readProtocol(),
            r.consistency(),
            millis,
            r.retry(),
            r.memory(),
            r.governor()));
  }

  /** This export with other retry settings. */
  public ExportSpec withRetry(RetrySettings newRetry) {
    ReadSettings r = read;
    return withRead(
        new ReadSettings(
            r.chunkRows(),
            r.fetchSize(),
            r.parallelism(),
            r.readProtocol(),
            r.consistency(),
            r.pauseBetweenChunksMillis(),
            newRetry,
            r.memory(),
            r.governor()));
  }

  /** This export with other memory settings. */
  public ExportSpec withMemory(MemorySettings newMemory) {
    ReadSettings r = read;
    return withRead(
        new ReadSettings(
            r.chunkRows(),
            r.fetchSize(),
            r.parallelism(),
            r.readProtocol(),
            r.consistency(),
            r.pauseBetweenChunksMillis(),
            r.retry(),
            newMemory,
            r.governor()));
  }

  /** This export with {@code newGovernor} as its governor, rate limits and parallelism choice. */
  public ExportSpec withGovernor(GovernorSettings newGovernor) {
    ReadSettings r = read;
    return withRead(
        new ReadSettings(
            r.chunkRows(),
            r.fetchSize(),
            r.parallelism(),
            r.readProtocol(),
            r.consistency(),
            r.pauseBetweenChunksMillis(),
            r.retry(),
            r.memory(),
            newGovernor));
  }

  /** This export with {@code policy} for arrays whose lower bound is not 1. */
  public ExportSpec withArrayLowerBound(ArrayBoundPolicy policy) {
    ValuePolicies v = values;
    return withValues(
        new ValuePolicies(
            v.onInfinity(), v.onZeroDate(), policy, v.columnOverrides(), v.metaColumns()));
  }

  /** This export with other column overrides. */
  public ExportSpec withColumnOverrides(ColumnOverrides overrides) {
    ValuePolicies v = values;
    return withValues(
        new ValuePolicies(
            v.onInfinity(), v.onZeroDate(), v.onArrayLowerBound(), overrides, v.metaColumns()));
  }

  /** This export with other lineage columns. */
  public ExportSpec withMetaColumns(MetaColumns newMetaColumns) {
    ValuePolicies v = values;
    return withValues(
        new ValuePolicies(
            v.onInfinity(),
            v.onZeroDate(),
            v.onArrayLowerBound(),
            v.columnOverrides(),
            newMetaColumns));
  }

  /** This export with another schema drift policy. */
  public ExportSpec withSchemaDrift(SchemaDriftPolicy policy) {
    return withChecks(new CheckSettings(policy, checks.shapeDrift(), checks.quality()));
  }

  /** This export with other shape drift settings. */
  public ExportSpec withShapeDrift(ShapeDriftSettings newShapeDrift) {
    return withChecks(new CheckSettings(checks.onSchemaDrift(), newShapeDrift, checks.quality()));
  }

  /** This export with another data contract (null for none). */
  public ExportSpec withQuality(QualityContract newQuality) {
    return withChecks(new CheckSettings(checks.onSchemaDrift(), checks.shapeDrift(), newQuality));
  }
}
