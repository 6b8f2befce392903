package dev.rivet.launcher.command;

import dev.rivet.kernel.failure.ExitStatus;
import dev.rivet.launcher.output.JsonDocument;
import dev.rivet.launcher.output.StateStoreJson;
import dev.rivet.launcher.output.TextTable;
import dev.rivet.state.Lease;
import dev.rivet.state.StateStore;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rivet state leases}: which process holds which export, and until when. */
@Command(
    name = "leases",
    mixinStandardHelpOptions = true,
    description = {
      "Export leases: the rivet process (host:pid) running each export and when its lease expires"
          + " unless renewed. An expired lease is of a process that stopped without releasing it;"
          + " the next run of that export takes it over."
    })
final class StateLeasesCommand implements Callable<Integer> {
  @Mixin ConfigOption config;
  @Mixin OutputOption output;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (StateStore store = config.openState()) {
      Instant now = Instant.now();
      if (output.json()) {
        JsonDocument.print(StateStoreJson.leases(store.leases(), now), spec.commandLine().getOut());
        return ExitStatus.SUCCESS.code();
      }
      TextTable table = new TextTable("EXPORT", "HOLDER", "SINCE", "EXPIRES", "STATE");
      for (Lease lease : store.leases()) {
        table.row(
            lease.export(),
            lease.holder(),
            lease.acquiredAt(),
            lease.expiresAt(),
            lease.isExpiredAt(now) ? "expired" : "held");
      }
      table.print(spec.commandLine().getOut());
    }
    return ExitStatus.SUCCESS.code();
  }
}
