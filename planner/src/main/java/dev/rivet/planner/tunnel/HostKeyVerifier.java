package dev.rivet.planner.tunnel;

import dev.rivet.kernel.source.HostKeyCheck;
import dev.rivet.kernel.source.SshHop;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;

/**
 * Checks one hop's host key against its {@code known_hosts_file}, by the hop's configured host and
 * port (not the address connected to, which for a hop behind a jump host is a local forward). A key
 * that differs from the listed key of the same type is always refused; an unlisted host is handled
 * as the hop's {@link HostKeyCheck} says. Remembers the outcome so a refusal can be explained.
 */
final class HostKeyVerifier implements ServerKeyVerifier {
  /** Why a key was refused. */
  enum Refusal {
    UNKNOWN,
    CHANGED,
    UNREADABLE_FILE
  }

  private final SshHop hop;
  private volatile Refusal refusal;
  private volatile String fingerprint;
  private volatile String outcome;
  private volatile IOException fileError;

  HostKeyVerifier(SshHop hop) {
    this.hop = hop;
  }

  @Override
  public boolean verifyServerKey(ClientSession session, SocketAddress address, PublicKey key) {
    fingerprint = KeyUtils.getKeyType(key) + " " + KeyUtils.getFingerPrint(key);
    Path file = Path.of(hop.knownHostsFile());
    List<KnownHostEntry> entries;
    try {
      entries = Files.exists(file) ? KnownHostEntry.readKnownHostEntries(file) : List.of();
    } catch (IOException e) {
      fileError = e;
      return refuse(Refusal.UNREADABLE_FILE);
    }
    boolean changed = false;
    for (KnownHostEntry entry : entries) {
      if (entry.getMarker() != null || !entry.isHostMatch(hop.host(), hop.port())) {
        continue; // @cert-authority and @revoked lines are not trusted keys
      }
      PublicKey listed = listedKey(session, entry);
      if (listed == null) {
        continue;
      }
      if (KeyUtils.compareKeys(listed, key)) {
        outcome = fingerprint + " listed in " + file;
        return true;
      }
      changed |= KeyUtils.getKeyType(listed).equals(KeyUtils.getKeyType(key));
    }
    if (changed) {
      return refuse(Refusal.CHANGED);
    }
    switch (hop.hostKeyCheck()) {
      case ACCEPT_NEW:
        try {
          append(file, key);
        } catch (IOException e) {
          fileError = e;
          return refuse(Refusal.UNREADABLE_FILE);
        }
        outcome =
            fingerprint + " was new; added to " + file + " (strict_host_key_checking: accept-new)";
        return true;
      case NO:
        outcome =
            fingerprint
                + " is not in "
                + file
                + "; trusted unchecked (strict_host_key_checking: no)";
        return true;
      default:
        return refuse(Refusal.UNKNOWN);
    }
  }

  private static PublicKey listedKey(ClientSession session, KnownHostEntry entry) {
    try {
      return entry
          .getKeyEntry()
          .resolvePublicKey(session, Map.of(), PublicKeyEntryResolver.IGNORING);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      return null; // a line of a key type this client does not know cannot match
    }
  }

  private void append(Path file, PublicKey key) throws IOException {
    String host =
        hop.port() == SshHop.DEFAULT_PORT ? hop.host() : "[" + hop.host() + "]:" + hop.port();
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(
        file,
        host + " " + PublicKeyEntry.toString(key) + System.lineSeparator(),
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private boolean refuse(Refusal why) {
    refusal = why;
    return false;
  }

  /** Why the key was refused, or null when it was not (or not yet checked). */
  Refusal refusal() {
    return refusal;
  }

  /** The key's type and SHA-256 fingerprint, once the server has shown it. */
  String fingerprint() {
    return fingerprint;
  }

  /** How the accepted key was trusted, for doctor. */
  String outcome() {
    return outcome;
  }

  IOException fileError() {
    return fileError;
  }
}
