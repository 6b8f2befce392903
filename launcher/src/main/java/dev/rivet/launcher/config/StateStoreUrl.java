package dev.rivet.launcher.config;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.source.SourceKind;
import dev.rivet.kernel.source.SourceTls;
import dev.rivet.launcher.output.SecretMasking;
import dev.rivet.planner.connect.ClientKeyStore;
import dev.rivet.planner.connect.PlaintextGuard;
import dev.rivet.planner.dialect.ClientKeyStoreFile;
import dev.rivet.planner.dialect.Dialect;
import dev.rivet.planner.dialect.SourceAddress;
import dev.rivet.planner.tunnel.SshTunnels;
import dev.rivet.state.StateLocation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The URL the state backend connects to: a SQLite URL as it is; a PostgreSQL URL checked by the
 * source's {@link PlaintextGuard} (as {@code state}), with {@code state.tls} mapped to pgjdbc
 * parameters by the same {@link Dialect#tlsProperties} the source uses, and, with {@code
 * state.ssh}, pointed at the local end of this process's tunnel to the database ({@link
 * SshTunnels}, opened on first use and closed when the process ends).
 */
public final class StateStoreUrl {
  private static final Map<SourceTls, ClientKeyStoreFile> CLIENT_KEYS = new HashMap<>();

  private StateStoreUrl() {}

  /**
   * The state store's URL as the backend should open it.
   *
   * @throws RivetException USER_CONFIG for plaintext to another machine, a URL with several hosts
   *     behind {@code state.ssh}; SOURCE_TRANSIENT or SOURCE_PERMANENT when the tunnel fails
   */
  public static String reachable(RivetConfig config) {
    String url = config.stateUrl();
    if (!new StateLocation(url).isPostgres()) {
      return url;
    }
    StateReach reach = config.stateReach();
    SourceTls tls =
        reach.tls().declaredIn().isEmpty()
            ? new SourceTls(
                reach.tls().mode(),
                reach.tls().caFile(),
                reach.tls().clientCertFile(),
                reach.tls().clientKeyFile(),
                config.file().toString())
            : reach.tls();
    Dialect dialect = Dialect.of(SourceKind.forJdbcUrl(url));
    SourceAddress address = dialect.address(url);
    Optional<RivetException> refusal =
        PlaintextGuard.refusal("state", tls, reach.ssh() != null, address);
    if (refusal.isPresent()) {
      throw refusal.get();
    }
    if (reach.ssh() != null) {
      if (address.endpoints().size() != 1) {
        throw new RivetException(
            FailureKind.USER_CONFIG,
            "state.ssh forwards to one database server, but the state URL names "
                + (address.endpoints().isEmpty() ? "no host Rivet can read" : address.endpoints()),
            "give state.url (or RIVET_STATE_URL) one host:port as the SSH server sees it");
      }
      url =
          dialect.withEndpoint(
              url, SshTunnels.localEndpoint(reach.ssh(), address.endpoints().get(0)));
    }
    Properties props = dialect.tlsProperties(tls, clientKeys(tls));
    for (String name : new TreeSet<>(props.stringPropertyNames())) {
      url =
          url
              + (url.contains("?") ? "&" : "?")
              + name
              + "="
              + URLEncoder.encode(props.getProperty(name), StandardCharsets.UTF_8);
    }
    return url;
  }

  /**
   * The key store of {@code state.tls}'s client certificate, written once per process and kept
   * until it ends: the store's pool opens connections for as long as the process runs.
   */
  private static synchronized ClientKeyStoreFile clientKeys(SourceTls tls) {
    if (!tls.hasClientCertificate()) {
      return null;
    }
    ClientKeyStoreFile file = CLIENT_KEYS.get(tls);
    if (file == null) {
      file = ClientKeyStore.write(tls, "state");
      file.path().toFile().deleteOnExit();
      SecretMasking.remember(List.of(file.password()));
      CLIENT_KEYS.put(tls, file);
    }
    return file;
  }
}
