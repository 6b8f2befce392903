package dev.rivet.kernel.source;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How one SSH hop logs in: a private key (from a file, or from an environment variable) with an
 * optional passphrase, or a password. The names of the environment variables and the key file's
 * path are what describes it; the secret values it carries never appear in {@link #toString()}.
 *
 * @param privateKeyFile path of an OpenSSH or PEM private key, or null
 * @param privateKeyEnv name of the environment variable holding the key text, or null
 * @param privateKeyText the key text read from {@code privateKeyEnv} (a secret), or null
 * @param passphraseEnv name of the environment variable holding the key's passphrase, or null
 * @param passphrase the passphrase (a secret), or null
 * @param passwordEnv name of the environment variable holding the password, or null
 * @param password the password (a secret), or null
 */
public record SshCredentials(
    String privateKeyFile,
    String privateKeyEnv,
    String privateKeyText,
    String passphraseEnv,
    String passphrase,
    String passwordEnv,
    String password)
    implements Serializable {
  public SshCredentials {
    int ways = (privateKeyFile != null ? 1 : 0) + (privateKeyText != null ? 1 : 0);
    ways += password != null ? 1 : 0;
    if (ways != 1) {
      throw new IllegalArgumentException(
          "an SSH hop logs in with exactly one of a key file, a key text or a password");
    }
    if (passphrase != null && password != null) {
      throw new IllegalArgumentException("a passphrase goes with a private key, not a password");
    }
  }

  /** Key file authentication, with an optional passphrase. */
  public static SshCredentials keyFile(String path, String passphraseEnv, String passphrase) {
    return new SshCredentials(path, null, null, passphraseEnv, passphrase, null, null);
  }

  /** Authentication with the key text held by environment variable {@code env}. */
  public static SshCredentials keyText(
      String env, String text, String passphraseEnv, String passphrase) {
    return new SshCredentials(null, env, text, passphraseEnv, passphrase, null, null);
  }

  /** Password authentication, the password read from environment variable {@code env}. */
  public static SshCredentials password(String env, String password) {
    return new SshCredentials(null, null, null, null, null, env, password);
  }

  /**
   * The secret values, for masking: the password, the passphrase, and the key text whole and line
   * by line (a message may quote one line of it).
   */
  public List<String> secrets() {
    List<String> secrets = new ArrayList<>();
    if (password != null) {
      secrets.add(password);
    }
    if (passphrase != null) {
      secrets.add(passphrase);
    }
    if (privateKeyText != null) {
      secrets.add(privateKeyText);
      for (String line : privateKeyText.split("\\R")) {
        if (!line.isBlank() && !line.startsWith("-----")) {
          secrets.add(line.strip());
        }
      }
    }
    return List.copyOf(secrets);
  }

  /** How the hop logs in, by file path and variable names only. */
  public String describe() {
    String passphraseText =
        passphraseEnv == null ? "" : " (passphrase from $" + passphraseEnv + ")";
    if (privateKeyFile != null) {
      return "private key " + privateKeyFile + passphraseText;
    }
    if (privateKeyText != null) {
      return "private key from $" + privateKeyEnv + passphraseText;
    }
    return "password from $" + passwordEnv;
  }

  @Override
  public String toString() {
    return "SshCredentials[" + describe() + "]";
  }
}
