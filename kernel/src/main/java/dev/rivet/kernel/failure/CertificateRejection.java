package dev.rivet.kernel.failure;

import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Whether a connection failed because this side did not accept the server's TLS certificate (an
 * unknown CA, or a host name the certificate does not list), as the JDK and the drivers report it;
 * the one test both the source's and the state store's error hints ask.
 */
public final class CertificateRejection {
  private static final List<String> HOST_NAME_NOT_VERIFIED =
      List.of("could not be verified by hostnameverifier", "SSL hostname verification failed");

  private CertificateRejection() {}

  /** Whether {@code error} or one of its causes says the server's certificate was rejected. */
  public static boolean in(Throwable error) {
    for (Throwable cur = error; cur != null; cur = cur.getCause()) {
      if (cur instanceof SSLHandshakeException
          || cur instanceof SSLPeerUnverifiedException
          || cur instanceof java.security.cert.CertificateException
          || (cur.getMessage() != null
              && HOST_NAME_NOT_VERIFIED.stream().anyMatch(cur.getMessage()::contains))) {
        return true;
      }
    }
    return false;
  }
}
