package dev.rivet.kernel.codec;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.plan.ArrayBoundPolicy;
import dev.rivet.kernel.plan.CheckSettings;
import dev.rivet.kernel.plan.ColumnOverrides;
import dev.rivet.kernel.plan.Compression;
import dev.rivet.kernel.plan.Consistency;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.ExtractMode;
import dev.rivet.kernel.plan.FileRotation;
import dev.rivet.kernel.plan.Format;
import dev.rivet.kernel.plan.GovernorSettings;
import dev.rivet.kernel.plan.InfinityPolicy;
import dev.rivet.kernel.plan.MemorySettings;
import dev.rivet.kernel.plan.MetaColumns;
import dev.rivet.kernel.plan.OutputSettings;
import dev.rivet.kernel.plan.QualityContract;
import dev.rivet.kernel.plan.ReadProtocol;
import dev.rivet.kernel.plan.ReadSettings;
import dev.rivet.kernel.plan.Relation;
import dev.rivet.kernel.plan.RetrySettings;
import dev.rivet.kernel.plan.SchemaDriftPolicy;
import dev.rivet.kernel.plan.ShapeDriftSettings;
import dev.rivet.kernel.plan.ValuePolicies;
import dev.rivet.kernel.plan.ZeroDatePolicy;

/**
 * An {@link ExportSpec} as stored in a plan: one flat object, its fields in the order and under the
 * names they had before the spec was grouped, so stored plans read and write unchanged. Fields
 * added over time come last; a missing one reads as null (0 for numbers), which the groups take as
 * their default.
 */
record StoredSpec(
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
    ColumnOverrides columnOverrides) {

  static StoredSpec of(ExportSpec spec) {
    ReadSettings read = spec.read();
    ValuePolicies values = spec.values();
    OutputSettings output = spec.output();
    CheckSettings checks = spec.checks();
    return new StoredSpec(
        spec.name(),
        spec.relation(),
        output.format(),
        output.compression(),
        output.destination(),
        read.chunkRows(),
        read.fetchSize(),
        read.parallelism(),
        output.rowGroupBytes(),
        values.onInfinity(),
        values.onZeroDate(),
        spec.mode(),
        output.rotation(),
        read.retry(),
        read.pauseBetweenChunksMillis(),
        checks.onSchemaDrift(),
        checks.shapeDrift(),
        checks.quality(),
        values.metaColumns(),
        read.memory(),
        read.readProtocol(),
        read.consistency(),
        values.onArrayLowerBound(),
        read.governor(),
        values.columnOverrides());
  }

  /** The spec, validated by its groups. */
  ExportSpec toSpec() {
    return new ExportSpec(
        name,
        relation,
        mode,
        new ReadSettings(
            chunkRows,
            fetchSize,
            parallelism,
            readProtocol,
            consistency,
            pauseBetweenChunksMillis,
            retry,
            memory,
            governor),
        new ValuePolicies(onInfinity, onZeroDate, onArrayLowerBound, columnOverrides, metaColumns),
        new OutputSettings(format, compression, destination, rowGroupBytes, rotation),
        new CheckSettings(onSchemaDrift, shapeDrift, quality));
  }
}
