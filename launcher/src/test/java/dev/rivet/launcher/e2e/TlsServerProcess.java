package dev.rivet.launcher.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the installed servers' tools for the TLS tests: a free port, a command, a wait for TCP. */
final class TlsServerProcess {
  private TlsServerProcess() {}

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * Runs {@code command} to its end, its output in {@code log}; an error with the log if it fails.
   */
  static void run(Path log, String... command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(List.of(command) + " failed:\n" + Files.readString(log));
    }
  }

  /** {@code command} as {@code user} when this JVM runs as root (servers refuse to run as root). */
  static String[] as(String user, String... command) {
    if (!isRoot()) {
      return command;
    }
    List<String> all = new ArrayList<>(List.of("runuser", "-u", user, "--"));
    all.addAll(List.of(command));
    return all.toArray(new String[0]);
  }

  /** Waits until {@code host:port} accepts TCP connections. */
  static void awaitPort(String host, int port, Path log) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(200); // polling a starting server; there is nothing to wait on
      }
    }
    throw new IOException(host + ":" + port + " did not open:\n" + Files.readString(log));
  }
}
