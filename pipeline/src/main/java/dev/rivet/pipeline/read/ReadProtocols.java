package dev.rivet.pipeline.read;

import dev.rivet.kernel.destination.Destination;
import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ExportPlan;
import dev.rivet.kernel.plan.ReadProtocol;
import dev.rivet.pipeline.fidelity.OutputTypes;
import dev.rivet.pipeline.types.SourceTypes;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which protocol reads an export's chunks ({@code tuning.read_protocol}): binary COPY where the
 * source decodes every column exactly and nothing asks otherwise, else JDBC. Decided per export
 * from the planned columns, the same for every chunk and attempt.
 */
public final class ReadProtocols {
  private ReadProtocols() {}

  /**
   * The protocol that reads the export's chunks when {@code protocol} is asked for: {@link
   * ReadProtocol#COPY} when the source's binary read decodes every column exactly (and, for {@link
   * ReadProtocol#AUTO}, the run is not governed and the export does not stream to standard output),
   * else {@link ReadProtocol#JDBC}.
   *
   * @throws RivetException USER_CONFIG when {@link ReadProtocol#COPY} is asked for and a column
   *     cannot be read through it
   */
  public static ReadProtocol protocolFor(ExportPlan plan, ReadProtocol protocol) {
    return readsThroughCopy(plan, protocol) && !pacedCursor(plan, protocol)
        ? ReadProtocol.COPY
        : ReadProtocol.JDBC;
  }

  /**
   * Whether {@code plan}'s chunks read through a cursor rather than COPY because the run reads
   * gently ({@link ExportPlan#readsGently}: a rate limit, a relative latency threshold, or a source
   * busy with other sessions at plan time) with {@link ReadProtocol#AUTO}: such a read is slowed
   * down by the client, but a COPY runs on the server as fast as the socket buffers take its rows
   * (megabytes on a loopback connection, whatever the client's receive buffer), so the server reads
   * each chunk in bursts of many ms of CPU; a cursor makes it produce one fetch (at most {@link
   * ExportPlan#GOVERNED_FETCH_ROWS} rows) per round trip.
   */
  public static boolean governedCursor(ExportPlan plan, ReadProtocol protocol) {
    return pacedCursor(plan, protocol) && readsThroughCopy(plan, protocol);
  }

  private static boolean pacedCursor(ExportPlan plan, ReadProtocol protocol) {
    return protocol == ReadProtocol.AUTO && plan.readsGently();
  }

  /** {@link #protocolFor} without the governed read's cursor: whether COPY can and may read. */
  private static boolean readsThroughCopy(ExportPlan plan, ReadProtocol protocol) {
    if (!protocol.allowsCopy()) {
      return false;
    }
    if (protocol == ReadProtocol.AUTO
        && plan.export().destination() instanceof Destination.Stdout) {
      // A stream cannot take rows back, so a chunk is retried only until its first row is sent:
      // JDBC sends none before its first fetch of fetch_size rows is complete, COPY sends each
      // row as it arrives.
      return false;
    }
    SourceTypes types = SourceTypes.of(plan.source());
    List<String> unreadable =
        OutputTypes.of(plan).stream()
            .filter(type -> !types.binaryDecodes(type))
            .map(type -> "'" + type.name() + "' (" + type.sourceType() + ")")
            .collect(Collectors.toList());
    if (unreadable.isEmpty()) {
      return true;
    }
    if (protocol == ReadProtocol.COPY) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "export '"
              + plan.export().name()
              + "' sets tuning.read_protocol to copy, but the source's binary COPY cannot read"
              + " column(s) "
              + String.join(", ", unreadable)
              + " exactly",
          "set tuning.read_protocol to auto (JDBC for such exports) or jdbc, or cast the columns"
              + " to text in a query export");
    }
    return false;
  }
}
