package dev.rivet.launcher.output;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.rivet.kernel.secret.Redaction;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secrets this process knows (passwords and keys read from the config and the environment), and
 * the masking of everything the process prints: standard error (Rivet's messages, every library's
 * log lines, stack traces) and the text a command prints pass through {@link #printStream} line by
 * line, so a driver that repeats a password in its own message never reaches the terminal with it.
 * Data written to standard output by an export is not text and is never masked.
 */
public final class SecretMasking {
  private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

  /** Built when the secrets change, not for every line printed. */
  private static volatile Redaction current = Redaction.urlCredentials();

  private SecretMasking() {}

  /** Masks {@code secrets} (null and empty values ignored) in everything printed from now on. */
  public static synchronized void remember(Collection<String> secrets) {
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        SECRETS.add(secret);
        // As a JSON log line (--log-format json) writes it: a quote or backslash escaped.
        SECRETS.add(new String(JsonStringEncoder.getInstance().quoteAsString(secret)));
      }
    }
    current = Redaction.of(Set.copyOf(SECRETS));
  }

  /**
   * Forgets every secret: a command starts with none but those its own config holds (in one JVM
   * that runs several commands, as tests do, one command's password must not mask another's text).
   */
  public static synchronized void forgetAll() {
    SECRETS.clear();
    current = Redaction.urlCredentials();
  }

  /** The masking of every secret known so far and of URL-shaped credentials. */
  public static Redaction redaction() {
    return current;
  }

  /** {@code text} as it may be printed or stored. */
  public static String mask(String text) {
    return redaction().apply(text);
  }

  /** A UTF-8 print stream over {@code out} that masks each line before it is written. */
  public static PrintStream printStream(OutputStream out) {
    if (out instanceof MaskedPrintStream already) {
      return already;
    }
    return new MaskedPrintStream(new MaskingOutputStream(out));
  }

  /** Marks a stream that masks already, so it is never wrapped twice. */
  private static final class MaskedPrintStream extends PrintStream {
    MaskedPrintStream(OutputStream out) {
      super(out, true, StandardCharsets.UTF_8);
    }
  }
}
