package dev.rivet.planner.tunnel;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.source.SshCredentials;
import dev.rivet.kernel.source.SshHop;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/** Reads the private key a hop logs in with, decrypting it with the hop's passphrase. */
final class HopLogin {
  private HopLogin() {}

  /** The key pairs of the hop's key; empty for a hop that logs in with a password. */
  static List<KeyPair> keys(SshHop hop) {
    SshCredentials credentials = hop.credentials();
    if (credentials.password() != null) {
      return List.of();
    }
    String name =
        credentials.privateKeyFile() != null
            ? credentials.privateKeyFile()
            : "$" + credentials.privateKeyEnv();
    FilePasswordProvider passphrase =
        credentials.passphrase() == null
            ? FilePasswordProvider.EMPTY
            : FilePasswordProvider.of(credentials.passphrase());
    List<KeyPair> keys = new ArrayList<>();
    try (InputStream in = open(credentials)) {
      Iterable<KeyPair> read =
          SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(name), in, passphrase);
      if (read != null) {
        read.forEach(keys::add);
      }
    } catch (NoSuchFileException e) {
      throw failure(hop, "private key file " + name + " does not exist", fix(hop), e);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw failure(
          hop,
          "cannot read the private key "
              + name
              + (credentials.passphrase() == null
                  ? " (no passphrase_env is set; an encrypted key needs one)"
                  : " with the passphrase from $" + credentials.passphraseEnv())
              + ": "
              + e.getMessage(),
          credentials.passphrase() == null
              ? "set source.ssh.passphrase_env to the variable holding the key's passphrase if the"
                  + " key is encrypted, and check that it is an OpenSSH or PEM private key"
              : "check the passphrase in $"
                  + credentials.passphraseEnv()
                  + " and that the key is an OpenSSH or PEM private key",
          e);
    }
    if (keys.isEmpty()) {
      throw failure(hop, name + " holds no private key", fix(hop), null);
    }
    return List.copyOf(keys);
  }

  private static InputStream open(SshCredentials credentials) throws IOException {
    if (credentials.privateKeyFile() != null) {
      return Files.newInputStream(Path.of(credentials.privateKeyFile()));
    }
    return new ByteArrayInputStream(credentials.privateKeyText().getBytes(StandardCharsets.UTF_8));
  }

  private static String fix(SshHop hop) {
    return "point private_key_file (or private_key_env) of ssh hop "
        + hop.label()
        + " at an OpenSSH or PEM private key";
  }

  private static SshTunnelException failure(
      SshHop hop, String message, String hint, Throwable cause) {
    return new SshTunnelException(FailureKind.USER_CONFIG, hop, SshStep.AUTH, message, hint, cause);
  }
}
