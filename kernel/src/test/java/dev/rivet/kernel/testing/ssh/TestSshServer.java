package dev.rivet.kernel.testing.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;

/**
 * A real SSH server in this JVM (Apache MINA SSHD) on 127.0.0.1 and an ephemeral port, that lets
 * {@link #USER} log in with one public key and/or one password and forwards TCP connections
 * anywhere. {@link #stop()} drops every session at once; {@link #start()} listens again on the same
 * port with the same host key, as a restarted bastion would.
 */
public final class TestSshServer implements AutoCloseable {
  public static final String USER = "rivet";

  private final KeyPair hostKey;
  private final PublicKey authorizedKey;
  private final String password;
  private final AtomicInteger logins = new AtomicInteger();
  private SshServer server;
  private int port;

  private TestSshServer(KeyPair hostKey, PublicKey authorizedKey, String password) {
    this.hostKey = hostKey;
    this.authorizedKey = authorizedKey;
    this.password = password;
  }

  /**
   * Starts a server with host key {@code hostKey} that accepts {@code authorizedKey} (null: none)
   * and {@code password} (null: none) for {@link #USER}.
   */
  public static TestSshServer start(KeyPair hostKey, PublicKey authorizedKey, String password) {
    TestSshServer server = new TestSshServer(hostKey, authorizedKey, password);
    server.start();
    return server;
  }

  /** Listens (again) on this server's port. */
  public synchronized void start() {
    SshServer s = SshServer.setUpDefaultServer();
    s.setHost("127.0.0.1");
    s.setPort(port);
    s.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    s.setPublickeyAuthenticator(
        (user, key, session) ->
            USER.equals(user) && authorizedKey != null && KeyUtils.compareKeys(key, authorizedKey));
    s.setPasswordAuthenticator(
        (user, pw, session) -> USER.equals(user) && password != null && password.equals(pw));
    s.addSessionListener(
        new SessionListener() {
          @Override
          public void sessionEvent(Session session, Event event) {
            if (event == Event.Authenticated) {
              logins.incrementAndGet();
            }
          }
        });
    s.setKeyboardInteractiveAuthenticator(null);
    s.setForwardingFilter(AcceptAllForwardingFilter.INSTANCE);
    try {
      s.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server = s;
    port = s.getPort();
  }

  /** Stops listening and drops every session at once, as a bastion that goes away would. */
  public synchronized void stop() {
    if (server != null) {
      try {
        server.stop(true);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server = null;
    }
  }

  public int port() {
    return port;
  }

  /** How many logins this server accepted. */
  public int logins() {
    return logins.get();
  }

  public KeyPair hostKey() {
    return hostKey;
  }

  /** This server's line for an OpenSSH known_hosts file. */
  public String knownHostsLine() {
    return knownHostsLine(hostKey.getPublic());
  }

  /** A known_hosts line that lists {@code key} for this server's host and port. */
  public String knownHostsLine(PublicKey key) {
    return "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(key);
  }

  @Override
  public void close() {
    stop();
  }

  /** A new ECDSA P-256 key pair (supported by the JDK alone). */
  public static KeyPair newKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(256);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes {@code key} as an OpenSSH private key file, encrypted when {@code passphrase} is set.
   */
  public static Path writePrivateKey(KeyPair key, Path file, String passphrase) {
    OpenSSHKeyEncryptionContext encryption = null;
    if (passphrase != null) {
      encryption = new OpenSSHKeyEncryptionContext();
      encryption.setCipherName("AES");
      encryption.setCipherType("256");
      encryption.setPassword(passphrase);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "rivet-test", encryption, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return file;
  }
}
