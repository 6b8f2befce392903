package dev.rivet.launcher.command;

import dev.rivet.kernel.failure.ExitStatus;
import dev.rivet.launcher.drift.ChangeText;
import dev.rivet.launcher.drift.SchemaHistory;
import dev.rivet.launcher.output.JsonDocument;
import dev.rivet.launcher.output.StateStoreJson;
import dev.rivet.launcher.output.TextTable;
import dev.rivet.state.SchemaRecord;
import dev.rivet.state.StateStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code rivet state schema EXPORT [--accept]}: an export's schema history, or accepting it. */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    description = {
      "The schemas an export was seen with and the run that brought each change; --accept makes"
          + " the newest one the schema its runs compare with (after on_schema_drift: fail"
          + " refused a run)."
    })
final class StateSchemaHistoryCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "EXPORT",
      description = "The export whose schema history to show.")
  String export;

  @Option(
      names = "--accept",
      paramLabel = "EXPORT",
      description = "Accept this export's newest recorded schema.")
  String accept;

  @Mixin OutputOption output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if ((export == null) == (accept == null)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "name one export: 'rivet state schema EXPORT' shows its history, 'rivet state schema"
              + " --accept EXPORT' accepts its newest schema");
    }
    String name = accept != null ? accept : export;
    config.exports(name); // an unknown export is an error that lists the config's exports
    try (StateStore store = config.openState()) {
      if (accept != null) {
        Optional<SchemaRecord> accepted = SchemaHistory.acceptNewest(store, name);
        if (output.json()) {
          JsonDocument.print(StateStoreJson.schemaAccepted(name, accepted.orElse(null)), out);
          return ExitStatus.SUCCESS.code();
        }
        out.println(
            accepted
                .map(
                    r ->
                        "export "
                            + name
                            + ": schema version "
                            + r.version()
                            + " (fingerprint "
                            + r.fingerprint()
                            + ") accepted; its next run compares with it")
                .orElse(
                    "export " + name + ": the newest schema is already accepted; nothing changed"));
        out.flush();
        return ExitStatus.SUCCESS.code();
      }
      TextTable table =
          new TextTable("VERSION", "STATUS", "RUN", "RECORDED", "FINGERPRINT", "CHANGES");
      List<SchemaHistory.Entry> entries = SchemaHistory.of(store, name);
      if (output.json()) {
        JsonDocument.print(StateStoreJson.schemaHistory(name, entries), out);
        return ExitStatus.SUCCESS.code();
      }
      for (SchemaHistory.Entry e : entries) {
        SchemaRecord r = e.record();
        table.row(
            r.version(),
            r.status().wireValue() + (e.inForce() ? " (in force)" : ""),
            r.runId() == null ? "-" : r.runId(),
            r.recordedAt(),
            r.fingerprint().substring(0, 12),
            e.changes().isEmpty()
                ? (r.version() == 1 ? "first schema" : "-")
                : String.join("; ", e.changes().stream().map(ChangeText::describe).toList()));
      }
      table.print(out);
      if (entries.isEmpty()) {
        out.println("export " + name + " has no recorded schema yet; its next run records one");
      }
      out.flush();
    }
    return ExitStatus.SUCCESS.code();
  }
}
