package dev.rivet.launcher.config;

import dev.rivet.kernel.plan.SourceConnection;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.kernel.source.SourceTls;
import dev.rivet.kernel.source.TlsMode;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.dialect.TlsParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads {@code source.tls} into a {@link SourceTls}: a mode every family understands, and files
 * that exist. TLS set both there and by parameters of {@code source.url} is an error naming both.
 */
final class TlsReader {
  private static final List<String> KEYS = ConfigKeys.TLS.names();
  private static final String[] MODES = ConfigKeys.TLS_MODES.toArray(new String[0]);

  private TlsReader() {}

  static SourceTls read(ConfigMapping source, SourceConnection connection) {
    return read(source, connection.kind(), connection.jdbcUrl());
  }

  /**
   * Reads the {@code tls} key of {@code source} (the {@code source} or {@code state} section) for a
   * connection of {@code kind} to {@code jdbcUrl}.
   */
  static SourceTls read(ConfigMapping source, SourceKind kind, String jdbcUrl) {
    if (!source.has("tls")) {
      return SourceTls.absentFrom(source.node().file().label());
    }
    ConfigNode node = source.get("tls");
    ConfigMapping tls = node.mapping(KEYS);
    if (!tls.has("mode")) {
      throw node.error(
          "needs mode",
          "add mode: verify-full (or " + String.join(", ", ConfigKeys.TLS_MODES) + ")");
    }
    TlsMode mode = TlsMode.parse(tls.get("mode").choice(MODES, m -> m)).orElseThrow();
    TlsParameters parameters = Dialect.of(kind).address(jdbcUrl).tls().parameters();
    List<String> inUrl = parameters.setIn(jdbcUrl);
    if (!inUrl.isEmpty()) {
      throw node.error(
          "cannot be combined with "
              + String.join(", ", inUrl)
              + " in "
              + source.node().path()
              + ".url: both set the connection's TLS",
          "keep source.tls and remove " + String.join(", ", inUrl) + " from source.url");
    }
    String ca = file(tls, "ca_file");
    String cert = file(tls, "client_cert_file");
    String key = file(tls, "client_key_file");
    if ((cert == null) != (key == null)) {
      String missing = cert == null ? "client_cert_file" : "client_key_file";
      throw node.error(
          "needs " + missing + " as well: a client certificate is its certificate and its key",
          "add " + node.path() + "." + missing + ", or remove the other");
    }
    if (mode == TlsMode.DISABLE && (ca != null || cert != null)) {
      throw tls.get("mode")
          .error(
              "is disable, so the files of " + node.path() + " would not be used",
              "set mode to verify-full (or require, verify-ca), or remove the files");
    }
    if (mode == TlsMode.REQUIRE && ca != null) {
      // pgjdbc would then check the certificate (libpq's rule), MariaDB Connector/J would not.
      throw tls.get("ca_file")
          .error(
              "is not used by mode require, which does not check the server's certificate",
              "set mode to verify-ca or verify-full to check it against ca_file, or remove"
                  + " ca_file");
    }
    return new SourceTls(mode, ca, cert, key, node.file().label());
  }

  private static String file(ConfigMapping tls, String key) {
    if (!tls.has(key)) {
      return null;
    }
    ConfigNode node = tls.get(key);
    Path path = node.filePath();
    if (!Files.isRegularFile(path)) {
      throw node.error(
          "file " + path + " does not exist",
          "fix the path (relative paths start at the config file's directory)");
    }
    if (!Files.isReadable(path)) {
      throw node.error(
          "file " + path + " is not readable (permission denied)",
          "make it readable by the user running rivet");
    }
    return path.toString();
  }
}
