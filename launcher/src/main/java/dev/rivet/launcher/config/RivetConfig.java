package dev.rivet.launcher.config;

import dev.rivet.kernel.plan.ExportSpec;
import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.launcher.notify.Notifications;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A fully validated config file: the source connection (password resolved), the state store's
 * {@code jdbc:sqlite:} URL ({@code RIVET_STATE_URL} already applied) and at least one export, with
 * unique names, every default filled in and every path absolute.
 *
 * @param file the config file as it was given to {@link ConfigLoader#load}
 * @param storage how object-store destinations are reached (the {@code s3} and {@code gcs}
 *     sections)
 * @param notifications where run events are sent (the {@code notifications} section)
 * @param metricsFile where {@code rivet run} writes Prometheus metrics after it ran ({@code
 *     metrics_file}), or null
 * @param stateReach the {@code tls} and {@code ssh} of the state store (the mapping form of {@code
 *     state})
 */
public record RivetConfig(
    Path file,
    SourceConnection source,
    String stateUrl,
    List<ExportSpec> exports,
    StorageSettings storage,
    Notifications notifications,
    Path metricsFile,
    StateReach stateReach) {
  public RivetConfig {
    Objects.requireNonNull(stateReach, "stateReach");
    Objects.requireNonNull(notifications, "notifications");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(stateUrl, "stateUrl");
    Objects.requireNonNull(storage, "storage");
    exports = List.copyOf(exports);
    if (exports.isEmpty()) {
      throw new IllegalArgumentException("a config needs at least one export");
    }
  }

  /** A config whose state store is reached directly. */
  public RivetConfig(
      Path file,
      SourceConnection source,
      String stateUrl,
      List<ExportSpec> exports,
      StorageSettings storage,
      Notifications notifications,
      Path metricsFile) {
    this(file, source, stateUrl, exports, storage, notifications, metricsFile, StateReach.DIRECT);
  }

  /** A config without notifications. */
  public RivetConfig(
      Path file,
      SourceConnection source,
      String stateUrl,
      List<ExportSpec> exports,
      StorageSettings storage) {
    this(file, source, stateUrl, exports, storage, Notifications.NONE, null);
  }

  /**
   * Every secret value this config holds: the source password, passwords given as URL parameters of
   * the source and state URLs (as written and percent-decoded), and object-store keys.
   */
  public List<String> secrets() {
    List<String> secrets = new ArrayList<>();
    secrets.add(source.password());
    secrets.addAll(UrlPasswords.in(source.jdbcUrl()));
    if (source.ssh() != null) {
      secrets.addAll(source.ssh().secrets());
    }
    secrets.addAll(UrlPasswords.in(stateUrl));
    secrets.addAll(stateReach.secrets());
    secrets.add(storage.s3().secretAccessKey());
    secrets.add(storage.s3().sessionToken());
    secrets.addAll(notifications.secrets());
    secrets.removeIf(s -> s == null || s.isEmpty());
    return List.copyOf(secrets);
  }

  public List<String> exportNames() {
    return exports.stream().map(ExportSpec::name).collect(Collectors.toUnmodifiableList());
  }

  /** The export called {@code name}; a {@link ConfigException} with the valid names otherwise. */
  public ExportSpec export(String name) {
    for (ExportSpec spec : exports) {
      if (spec.name().equals(name)) {
        return spec;
      }
    }
    List<String> names = exportNames();
    throw new ConfigException(
        file
            + ": no export named '"
            + name
            + "'"
            + DidYouMean.suffix(name, names)
            + " (exports: "
            + String.join(", ", names)
            + ")",
        "use one of the export names defined in " + file);
  }
}
