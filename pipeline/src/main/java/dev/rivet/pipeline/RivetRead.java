package dev.rivet.pipeline;

import dev.rivet.kernel.plan.Chunk;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.pipeline.fidelity.OutputTypes;
import dev.rivet.pipeline.logging.LogContext;
import dev.rivet.pipeline.read.ChunkReader;
import dev.rivet.pipeline.types.BeamRows;
import dev.rivet.pipeline.types.ColumnType;
import dev.rivet.pipeline.types.ValuePolicies;
import java.util.List;
import java.util.Objects;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.Row;

/**
 * Reads a planned export as Beam {@link Row}s with a schema derived from the source columns, chunk
 * by chunk, for pipelines that transform rows before writing them. Every row of every chunk is
 * emitted exactly once per successful bundle. Slower than {@link RivetExtract} on the DirectRunner,
 * which checks every element.
 *
 * <pre>{@code
 * PCollection<Row> rows = pipeline.apply(RivetRead.of(plan, source));
 * }</pre>
 */
public final class RivetRead extends PTransform<PBegin, PCollection<Row>> {
  private final ExportPlan plan;
  private final SourceConnection source;

  private RivetRead(ExportPlan plan, SourceConnection source) {
    this.plan = Objects.requireNonNull(plan, "plan");
    this.source = Objects.requireNonNull(source, "source");
  }

  public static RivetRead of(ExportPlan plan, SourceConnection source) {
    return new RivetRead(plan, source);
  }

  /** The Beam schema of the rows this transform emits. */
  public Schema schema() {
    return BeamRows.schemaFor(OutputTypes.of(plan));
  }

  @Override
  public PCollection<Row> expand(PBegin input) {
    Schema schema = schema();
    return input
        .apply("PlanChunks", Create.of(plan.chunks()).withCoder(SerializableCoder.of(Chunk.class)))
        .apply("SpreadChunks", Reshuffle.viaRandomKey())
        .apply("ReadRows", ParDo.of(new ReadRowsFn(plan, source, schema)))
        .setRowSchema(schema);
  }

  private static final class ReadRowsFn extends DoFn<Chunk, Row> {
    private final ExportPlan plan;
    private final SourceConnection source;
    private final Schema schema;

    ReadRowsFn(ExportPlan plan, SourceConnection source, Schema schema) {
      this.plan = plan;
      this.source = source;
      this.schema = schema;
    }

    @ProcessElement
    public void process(@Element Chunk chunk, OutputReceiver<Row> out) {
      List<ColumnType> types = OutputTypes.of(plan);
      try (LogContext.Scope log =
          LogContext.chunk(plan.export().name(), plan.runId(), chunk.index())) {
        ChunkReader.read(
            source,
            plan,
            chunk,
            rs -> out.output(BeamRows.toRow(schema, types, rs, ValuePolicies.of(plan))));
      }
    }
  }
}
