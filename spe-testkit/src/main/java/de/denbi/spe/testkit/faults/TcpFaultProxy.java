package de.denbi.spe.testkit.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a random port of 127.0.0.1 that forwards to a target and, when told to, cuts
 * connections in the middle of a transfer: after a number of bytes sent to the target
 * (an upload cut in the middle of a part) or received from it (a download cut halfway). Works
 * for HTTP and HTTPS alike (TLS passes through). Use as a JUnit 5 extension-free resource:
 *
 * <pre>{@code
 * try (TcpFaultProxy proxy = TcpFaultProxy.to("127.0.0.1", 7480).start()) {
 *   proxy.cutUpstreamAfter(3 * 1024 * 1024, 1);   // the next connection dies after 3 MiB up
 *   client = StorageClient.builder().endpoint(proxy.uri("http"))...;
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class TcpFaultProxy implements AutoCloseable {
  private final String host;
  private final int port;
  private final ExecutorService threads =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tcp-fault-proxy-", 0).factory());
  private final List<Socket> open = new ArrayList<>();
  private final AtomicLong bytesUp = new AtomicLong();
  private final AtomicLong bytesDown = new AtomicLong();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger cuts = new AtomicInteger();
  private volatile Fault upstream;
  private volatile Fault downstream;
  private volatile boolean refuse;
  private ServerSocket server;

  /** A cut after {@code bytes} on a connection, for the next {@code times} connections. */
  private static final class Fault {
    final long bytes;
    final AtomicInteger remaining;

    Fault(long bytes, int times) {
      this.bytes = bytes;
      this.remaining = new AtomicInteger(times);
    }
  }

  private TcpFaultProxy(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /**
   * A proxy to a target (not started).
   *
   * @param host the target host
   * @param port the target port
   * @return the proxy
   */
  public static TcpFaultProxy to(String host, int port) {
    Objects.requireNonNull(host, "host");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1-65535, was " + port);
    }
    return new TcpFaultProxy(host, port);
  }

  /**
   * A proxy to the host and port of a URI (default ports for http/https).
   *
   * @param target e.g. {@code http://127.0.0.1:7480}
   * @return the proxy
   */
  public static TcpFaultProxy to(URI target) {
    int p = target.getPort() > 0 ? target.getPort()
        : "https".equalsIgnoreCase(target.getScheme()) ? 443 : 80;
    return to(target.getHost(), p);
  }

  /**
   * Starts listening.
   *
   * @return this proxy
   */
  public synchronized TcpFaultProxy start() {
    if (server != null) {
      return this;
    }
    try {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
    }
    threads.submit(this::acceptLoop);
    return this;
  }

  /**
   * The port the proxy listens on.
   *
   * @return the port
   */
  public int port() {
    if (server == null) {
      throw new IllegalStateException("start() the proxy first");
    }
    return server.getLocalPort();
  }

  /**
   * The proxy's URI for a scheme.
   *
   * @param scheme {@code http} or {@code https}
   * @return e.g. {@code http://127.0.0.1:41234}
   */
  public URI uri(String scheme) {
    return URI.create(scheme + "://127.0.0.1:" + port());
  }

  /**
   * The next {@code times} connections are cut after {@code bytes} have been sent through them
   * towards the target.
   *
   * @param bytes bytes before the cut
   * @param times how many connections to cut
   * @return this proxy
   */
  public TcpFaultProxy cutUpstreamAfter(long bytes, int times) {
    upstream = new Fault(bytes, times);
    return this;
  }

  /**
   * The next {@code times} connections are cut after {@code bytes} have come back from the
   * target.
   *
   * @param bytes bytes before the cut
   * @param times how many connections to cut
   * @return this proxy
   */
  public TcpFaultProxy cutDownstreamAfter(long bytes, int times) {
    downstream = new Fault(bytes, times);
    return this;
  }

  /**
   * Refuse (close at once) every new connection, or stop doing so.
   *
   * @param refuse true to refuse
   * @return this proxy
   */
  public TcpFaultProxy refuseConnections(boolean refuse) {
    this.refuse = refuse;
    return this;
  }

  /** Stops injecting faults. */
  public void heal() {
    upstream = null;
    downstream = null;
    refuse = false;
  }

  /**
   * Bytes forwarded towards the target so far.
   *
   * @return bytes
   */
  public long bytesUp() {
    return bytesUp.get();
  }

  /**
   * Bytes forwarded back from the target so far.
   *
   * @return bytes
   */
  public long bytesDown() {
    return bytesDown.get();
  }

  /**
   * Connections accepted so far.
   *
   * @return the count
   */
  public int connections() {
    return connections.get();
  }

  /**
   * Connections cut so far.
   *
   * @return the count
   */
  public int cuts() {
    return cuts.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      connections.incrementAndGet();
      if (refuse) {
        closeQuietly(client);
        cuts.incrementAndGet();
        continue;
      }
      threads.submit(() -> handle(client));
    }
  }

  private static long take(Fault f) {
    if (f == null) {
      return Long.MAX_VALUE;
    }
    return f.remaining.getAndDecrement() > 0 ? f.bytes : Long.MAX_VALUE;
  }

  private void handle(Socket client) {
    Socket target;
    try {
      target = new Socket(host, port);
      target.setTcpNoDelay(true);
      client.setTcpNoDelay(true);
    } catch (IOException e) {
      closeQuietly(client);
      return;
    }
    synchronized (open) {
      open.add(client);
      open.add(target);
    }
    long upLimit = take(upstream);
    long downLimit = take(downstream);
    AtomicInteger directions = new AtomicInteger(2);
    threads.submit(() -> pump(client, target, upLimit, bytesUp, client, target, directions));
    pump(target, client, downLimit, bytesDown, client, target, directions);
  }

  private void pump(Socket from, Socket to, long limit, AtomicLong counter, Socket a, Socket b,
      AtomicInteger directions) {
    byte[] buf = new byte[64 * 1024];
    long sent = 0;
    boolean closeBoth = true;
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buf, 0, (int) Math.min(buf.length, Math.max(1, limit - sent)))) >= 0) {
        out.write(buf, 0, n);
        out.flush();
        sent += n;
        counter.addAndGet(n);
        if (sent >= limit) {
          cuts.incrementAndGet();
          // a hard cut: RST both ways, as a dropped network path looks to the client
          a.setSoLinger(true, 0);
          b.setSoLinger(true, 0);
          return;
        }
      }
      // end of stream: pass the half-close on, keep the other direction running
      to.shutdownOutput();
      closeBoth = directions.decrementAndGet() == 0;
    } catch (IOException e) {
      // a reset or a closed socket: close both
    } finally {
      if (closeBoth) {
        closeQuietly(a);
        closeQuietly(b);
      }
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public synchronized void close() {
    if (server != null) {
      try {
        server.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
    synchronized (open) {
      open.forEach(TcpFaultProxy::closeQuietly);
      open.clear();
    }
    threads.shutdownNow();
  }

  @Override
  public String toString() {
    return "TcpFaultProxy[" + (server == null ? "not started" : "127.0.0.1:" + port()) + " -> "
        + host + ":" + port + ", connections=" + connections + ", cuts=" + cuts + "]";
  }
}
