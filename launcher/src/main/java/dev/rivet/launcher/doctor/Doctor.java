package dev.rivet.launcher.doctor;

import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.launcher.config.ConfigLoader;
import dev.rivet.launcher.config.RivetConfig;
import dev.rivet.launcher.config.StateStoreUrl;
import dev.rivet.launcher.run.Failures;
import dev.rivet.launcher.storage.StorageOptions;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.dialect.SourceAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code rivet doctor}: checks, in order, that the config loads, the source is reachable and takes
 * the credentials, the source user can count the source's other sessions (when an export yields to
 * them, {@link SessionsCheck}), every export's relation is readable, every destination is writable
 * and the state store opens at this build's schema. A check that cannot run because an earlier one
 * failed is SKIP. Reads no rows; creates what a run would create (destination directories, the
 * state file). No secret reaches the report.
 */
public final class Doctor {
  static final String CONFIG = "config";

  private Doctor() {}

  /**
   * Runs every check against {@code configFile}, reading passwords and overrides from {@code env}.
   */
  public static DoctorReport examine(Path configFile, Map<String, String> env) {
    RivetConfig config;
    try {
      config = ConfigLoader.load(configFile, env);
    } catch (RuntimeException e) {
      List<CheckResult> checks = new ArrayList<>();
      checks.add(CheckResult.fail(CONFIG, Failures.explain(e)));
      String why = "the config did not load";
      for (String name :
          List.of(
              NetworkCheck.DNS,
              NetworkCheck.TCP,
              TlsModeCheck.NAME,
              LoginCheck.NAME,
              ReadCheck.PREFIX.strip(),
              DestinationWriteCheck.PREFIX.strip(),
              StateStoreCheck.NAME)) {
        checks.add(CheckResult.skip(name, why));
      }
      return new DoctorReport(checks);
    }
    // The destination checks probe buckets through Beam's FileSystems, set up as a run would.
    StorageOptions.register(config);
    SecretMask mask = new SecretMask(config.source().password());
    List<CheckResult> checks = new ArrayList<>();
    checks.add(CheckResult.pass(CONFIG, describe(config)));
    checks.addAll(sourceChecks(config));
    checks.addAll(CredentialCheck.run(config, System.getenv()));
    for (ExportSpec export : config.exports()) {
      checks.add(
          guarded(
              DestinationWriteCheck.PREFIX + export.name(),
              () -> DestinationWriteCheck.run(export)));
    }
    checks.add(
        guarded(StateStoreCheck.NAME, () -> StateStoreCheck.run(StateStoreUrl.reachable(config))));
    return new DoctorReport(checks.stream().map(c -> c.masked(mask)).toList());
  }

  private static List<CheckResult> sourceChecks(RivetConfig config) {
    SourceConnection source = config.source();
    Dialect dialect = Dialect.of(source.kind());
    SourceAddress address = dialect.address(source.jdbcUrl());
    // Behind SSH the database is reached from the last hop: the hops are checked instead.
    Reachability reachability =
        source.ssh() == null
            ? NetworkCheck.run(address.endpoints())
            : SshCheck.run(source, dialect);
    List<CheckResult> checks = new ArrayList<>(reachability.checks());
    checks.add(
        TlsModeCheck.run(
            address.tls(),
            source.tls(),
            source.jdbcUrl(),
            reachability.loopbackOnly(),
            source.ssh() != null));
    if (!reachability.reachable()) {
      checks.add(CheckResult.skip(LoginCheck.NAME, "the source is not reachable"));
      skipReads(config, checks, "the source is not reachable");
      return checks;
    }
    LoginCheck.Login login = LoginCheck.run(source);
    checks.add(login.check());
    if (login.connection() == null) {
      skipReads(config, checks, "not logged in to the source");
      return checks;
    }
    try (Connection connection = login.connection()) {
      SessionsCheck.run(connection, dialect, config).ifPresent(checks::add);
      for (ExportSpec export : config.exports()) {
        checks.add(
            guarded(
                ReadCheck.PREFIX + export.name(),
                () -> ReadCheck.run(connection, dialect, export)));
      }
    } catch (SQLException e) {
      // Closing a connection that only read the catalog; nothing the user needs to know.
    }
    return checks;
  }

  private static void skipReads(RivetConfig config, List<CheckResult> checks, String why) {
    for (ExportSpec export : config.exports()) {
      checks.add(CheckResult.skip(ReadCheck.PREFIX + export.name(), why));
    }
  }

  /** Runs one check; an unexpected failure becomes its FAIL line instead of ending the report. */
  private static CheckResult guarded(String name, Supplier<CheckResult> check) {
    try {
      return check.get();
    } catch (RuntimeException e) {
      return CheckResult.fail(name, Failures.explain(e));
    }
  }

  private static String describe(RivetConfig config) {
    SourceConnection source = config.source();
    return config.file().toAbsolutePath().normalize()
        + ": "
        + config.exports().size()
        + (config.exports().size() == 1 ? " export (" : " exports (")
        + config.exports().stream().map(ExportSpec::name).collect(Collectors.joining(", "))
        + "), source "
        + source.redactedUrl()
        + (source.user() == null ? "" : " as " + source.user());
  }
}
