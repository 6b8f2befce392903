package dev.rivet.launcher.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Forwards every TCP connection accepted on one address to another address, byte for byte, in this
 * JVM: it dies with the test, and {@link #close} ends every connection it carries. Used instead of
 * socat so that no forwarder process can outlive a test.
 */
final class TcpForwarder implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicLong carried = new AtomicLong();

  private TcpForwarder(ServerSocket server, InetSocketAddress target) {
    this.server = server;
    this.target = target;
  }

  /** Listens on {@code listen} and forwards each connection to {@code target}. */
  static TcpForwarder start(InetSocketAddress listen, InetSocketAddress target) throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(listen);
    TcpForwarder forwarder = new TcpForwarder(server, target);
    daemon("forward-accept-" + listen, forwarder::acceptLoop);
    return forwarder;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      sockets.add(client);
      Socket upstream = new Socket();
      sockets.add(upstream);
      try {
        upstream.connect(target, 10_000);
        daemon("forward-up", () -> pump(client, upstream));
        daemon("forward-down", () -> pump(upstream, client));
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(upstream);
      }
    }
  }

  /** Copies until either side ends or fails, then closes both, as a vanished peer would. */
  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[64 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        carried.addAndGet(n);
      }
    } catch (IOException e) {
      // The connection ended; the other pump sees its socket closed below.
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  /** The bytes carried so far, both ways, over every connection. */
  long carried() {
    return carried.get();
  }

  /** The port this forwarder listens on. */
  int port() {
    return server.getLocalPort();
  }

  private void closeQuietly(Socket socket) {
    sockets.remove(socket);
    try {
      socket.close();
    } catch (IOException e) {
      // Nothing to do: the socket is being discarded.
    }
  }

  private static void daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      sockets.forEach(this::closeQuietly);
    }
  }
}
