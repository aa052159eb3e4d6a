package de.denbi.spe.storage.crypt4gh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A multi-GiB round trip, streamed: the plaintext is generated on the fly, encrypted, decrypted
 * and checked byte for byte without ever being stored (memory stays at a few segment buffers).
 * An IT because it moves 4 GiB through two ciphers (~10-30 s on one core).
 */
class Crypt4ghLargeStreamIT {
  static final long SIZE = 4L * 1024 * 1024 * 1024 + 7; // 4 GiB + 7 B: a short last segment

  /** Byte {@code i} of the generated plaintext. */
  static byte at(long i) {
    return (byte) (i * 131 + (i >>> 13) + (i >>> 29));
  }

  /** An endless-looking, deterministic plaintext of SIZE bytes. */
  static final class Generated extends InputStream {
    long pos;

    @Override
    public int read() {
      return pos < SIZE ? at(pos++) & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= SIZE) {
        return -1;
      }
      int n = (int) Math.min(len, SIZE - pos);
      for (int i = 0; i < n; i++) {
        b[off + i] = at(pos + i);
      }
      pos += n;
      return n;
    }
  }

  @Test
  void fourGibibytesRoundTripStreamed() throws IOException {
    Crypt4ghPrivateKey key = Crypt4ghPrivateKey.generate();
    long pos = 0;
    try (InputStream plain = Crypt4gh.decrypt(
        Crypt4gh.encrypt(new Generated(), List.of(key.publicKey())), key)) {
      byte[] buf = new byte[1 << 20];
      int n;
      while ((n = plain.read(buf)) > 0) {
        for (int i = 0; i < n; i++) {
          if (buf[i] != at(pos + i)) {
            throw new AssertionError("byte " + (pos + i) + " differs");
          }
        }
        pos += n;
      }
    }
    assertThat(pos).isEqualTo(SIZE);
  }
}
