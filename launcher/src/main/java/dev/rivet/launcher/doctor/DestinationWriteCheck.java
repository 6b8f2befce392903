package dev.rivet.launcher.doctor;

import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.launcher.run.DestinationCheck;

/**
 * Proves an export's destination takes files exactly as a run does before reading rows: the
 * directory is created when missing, then a probe file is created and deleted in it.
 */
final class DestinationWriteCheck {
  static final String PREFIX = "destination ";

  private DestinationWriteCheck() {}

  static CheckResult run(ExportSpec export) {
    String name = PREFIX + export.name();
    try {
      DestinationCheck.ensureWritable(export.name(), export.destination());
      return CheckResult.pass(name, export.destination().text() + " is writable");
    } catch (RivetException e) {
      return CheckResult.fail(name, e);
    }
  }
}
