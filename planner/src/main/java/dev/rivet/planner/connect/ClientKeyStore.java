package dev.rivet.planner.connect;

import dev.rivet.kernel.failure.FailureKind;
import dev.rivet.kernel.failure.RivetException;
import dev.rivet.kernel.source.SourceTls;
import dev.rivet.planner.dialect.ClientKeyStoreFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns {@code source.tls.client_cert_file} and {@code client_key_file} (PEM certificates, a PKCS-8
 * key in PEM or DER) into a PKCS-12 file both drivers read, readable only by this user and deleted
 * after the connection attempt. Neither the key nor the file's random password ever reaches a
 * message.
 */
public final class ClientKeyStore {
  private static final String CERT_KEY = ".tls.client_cert_file";
  private static final String KEY_KEY = ".tls.client_key_file";
  private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");
  private static final SecureRandom RANDOM = new SecureRandom();

  private ClientKeyStore() {}

  /** The key store of {@code tls}'s client certificate, or null when it has none. */
  static ClientKeyStoreFile write(SourceTls tls) {
    return write(tls, "source");
  }

  /**
   * As {@link #write(SourceTls)}, for the {@code tls} of config section {@code section} ({@code
   * source}, {@code state}), which errors name; the caller deletes the file ({@link #delete}) or
   * leaves it to be deleted when the process ends.
   */
  public static ClientKeyStoreFile write(SourceTls tls, String section) {
    if (!tls.hasClientCertificate()) {
      return null;
    }
    Certificate[] chain = certificates(section, tls, Path.of(tls.clientCertFile()));
    PrivateKey key = privateKey(section, tls, Path.of(tls.clientKeyFile()));
    String password = HexFormat.of().formatHex(bytes());
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      // pgjdbc's PKCS12KeyManager reads the entry called "user"; MariaDB Connector/J takes any.
      store.setKeyEntry("user", key, password.toCharArray(), chain);
      Path file =
          Files.createTempFile(
              "rivet-client-",
              ".p12",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try (OutputStream out = Files.newOutputStream(file)) {
        store.store(out, password.toCharArray());
      }
      return new ClientKeyStoreFile(file, password);
    } catch (GeneralSecurityException e) {
      throw error(
          section,
          tls,
          KEY_KEY,
          "the key in " + tls.clientKeyFile() + " does not fit the certificate: " + e.getMessage(),
          "give the private key of the certificate in " + tls.clientCertFile());
    } catch (IOException e) {
      throw new RivetException(
          FailureKind.USER_CONFIG,
          "cannot write a temporary key store for the client certificate: " + e.getMessage(),
          "make the temporary directory (java.io.tmpdir) writable",
          e);
    }
  }

  /** Removes the file {@link #write} made; null is nothing to remove. */
  static void delete(ClientKeyStoreFile file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file.path());
    } catch (IOException e) {
      file.path().toFile().deleteOnExit();
    }
  }

  private static byte[] bytes() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static Certificate[] certificates(String section, SourceTls tls, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      Certificate[] chain =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(in)
              .toArray(Certificate[]::new);
      if (chain.length == 0) {
        throw error(
            section, tls, CERT_KEY, file + " holds no certificate", "give a PEM certificate file");
      }
      return chain;
    } catch (NoSuchFileException e) {
      throw error(section, tls, CERT_KEY, "file " + file + " does not exist", "fix the path");
    } catch (IOException | GeneralSecurityException e) {
      throw error(
          section,
          tls,
          CERT_KEY,
          "cannot read a certificate from " + file + ": " + e.getMessage(),
          "give a PEM file that starts with -----BEGIN CERTIFICATE-----");
    }
  }

  private static PrivateKey privateKey(String section, SourceTls tls, Path file) {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw error(section, tls, KEY_KEY, "file " + file + " does not exist", "fix the path");
    } catch (IOException e) {
      throw error(
          section, tls, KEY_KEY, "cannot read " + file + ": " + e.getMessage(), "fix the path");
    }
    String text = new String(content, StandardCharsets.US_ASCII);
    String convert =
        "convert it to an unencrypted PKCS-8 key: openssl pkcs8 -topk8 -nocrypt -in "
            + file
            + " -out client.pk8.pem (keep it readable only by you)";
    byte[] der = content;
    if (text.contains("-----BEGIN ")) {
      if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
        String kind =
            text.contains("ENCRYPTED PRIVATE KEY")
                ? "an encrypted key"
                : "not a PKCS-8 key (-----BEGIN PRIVATE KEY-----)";
        throw error(section, tls, KEY_KEY, file + " holds " + kind, convert);
      }
      int start = text.indexOf("-----BEGIN PRIVATE KEY-----") + 27;
      int end = text.indexOf("-----END PRIVATE KEY-----", start);
      if (end < 0) {
        throw error(
            section, tls, KEY_KEY, file + " has no -----END PRIVATE KEY----- line", convert);
      }
      try {
        der = Base64.getMimeDecoder().decode(text.substring(start, end));
      } catch (IllegalArgumentException e) {
        throw error(section, tls, KEY_KEY, file + " is not valid PEM", convert);
      }
    }
    for (String algorithm : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // Not this algorithm; try the next.
      }
    }
    throw error(
        section, tls, KEY_KEY, file + " holds no RSA, EC or EdDSA PKCS-8 private key", convert);
  }

  private static RivetException error(
      String section, SourceTls tls, String key, String problem, String hint) {
    String name = section + key;
    String where = tls.declaredIn().isEmpty() ? name : tls.declaredIn() + ": " + name;
    return new RivetException(FailureKind.USER_CONFIG, where + ": " + problem, hint);
  }
}
