package dev.rivet.launcher.command;

import dev.rivet.launcher.doctor.Doctor;
import dev.rivet.launcher.doctor.DoctorOutput;
import dev.rivet.launcher.doctor.DoctorReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code rivet doctor}: checks the environment a run needs, one PASS/WARN/FAIL line per check; the
 * exit code is that of the worst failure. Reads no rows.
 */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description =
        "Check the config, the source (DNS, TCP, TLS mode, credentials, SELECT on each export),"
            + " each destination and the state store. Exit code 0 when nothing fails, else the"
            + " highest exit code of the failures.")
final class DoctorCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Mixin OutputOption output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    DoctorReport report = Doctor.examine(config.file, System.getenv());
    DoctorOutput.print(report, output.format, spec.commandLine().getOut());
    return report.exitCode();
  }
}
