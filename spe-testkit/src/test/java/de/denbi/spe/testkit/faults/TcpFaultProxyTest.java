package de.denbi.spe.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class TcpFaultProxyTest {

  /** An echo server: returns what it reads. */
  static ServerSocket echo() throws IOException {
    ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
      while (!ss.isClosed()) {
        try {
          Socket s = ss.accept();
          Thread.ofVirtual().start(() -> {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
              in.transferTo(out);
            } catch (IOException e) {
              // client went away
            }
          });
        } catch (IOException e) {
          return;
        }
      }
    });
    return ss;
  }

  static byte[] roundTrip(int port, byte[] data) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      Thread.ofVirtual().start(() -> {
        try {
          s.getOutputStream().write(data);
          s.shutdownOutput();
        } catch (IOException e) {
          // cut
        }
      });
      return s.getInputStream().readAllBytes();
    }
  }

  @Test
  void forwardsWhenHealthy() throws Exception {
    try (ServerSocket e = echo(); TcpFaultProxy p = TcpFaultProxy.to("127.0.0.1",
        e.getLocalPort()).start()) {
      byte[] data = new byte[300_000];
      new java.util.Random(1).nextBytes(data);
      assertThat(roundTrip(p.port(), data)).isEqualTo(data);
      assertThat(p.bytesUp()).isEqualTo(data.length);
      assertThat(p.cuts()).isZero();
    }
  }

  @Test
  void cutsUpstreamOnceThenHeals() throws Exception {
    try (ServerSocket e = echo(); TcpFaultProxy p = TcpFaultProxy.to("127.0.0.1",
        e.getLocalPort()).start()) {
      p.cutUpstreamAfter(100_000, 1);
      byte[] data = new byte[300_000];
      assertThatThrownBy(() -> {
        byte[] got = roundTrip(p.port(), data);
        if (got.length < data.length) {
          throw new IOException("short: " + got.length);
        }
      }).isInstanceOf(IOException.class);
      assertThat(p.cuts()).isEqualTo(1);
      assertThat(roundTrip(p.port(), data)).hasSize(data.length);
    }
  }

  @Test
  void cutsDownstreamAndRefuses() throws Exception {
    try (ServerSocket e = echo(); TcpFaultProxy p = TcpFaultProxy.to("127.0.0.1",
        e.getLocalPort()).start()) {
      p.cutDownstreamAfter(1000, 1);
      byte[] data = new byte[50_000];
      byte[] got;
      try {
        got = roundTrip(p.port(), data);
      } catch (IOException reset) {
        got = new byte[0];
      }
      assertThat(got.length).isLessThanOrEqualTo(1000);
      p.refuseConnections(true);
      byte[] refused;
      try {
        refused = roundTrip(p.port(), data);
      } catch (IOException reset) {
        refused = new byte[0];
      }
      assertThat(refused).isEmpty();
      p.heal();
      assertThat(roundTrip(p.port(), data)).hasSize(data.length);
    }
  }
}
