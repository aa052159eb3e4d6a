package de.denbi.spe.benchmarks.storage;

import de.denbi.spe.storage.crypt4gh.Crypt4gh;
import de.denbi.spe.storage.crypt4gh.Crypt4ghPrivateKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Crypt4GH encryption and decryption on one thread: one operation moves {@link #size} bytes of
 * plaintext (from main memory or from a cache-resident block, see {@link #source}) through the
 * SDK's streams (64 KiB segments, a fresh nonce each, ChaCha20-Poly1305
 * from the JDK) into a sink. Throughput in MB/s = size / time per operation;
 * {@code crypt4gh-bench.sh} prints it next to {@code openssl speed -evp chacha20-poly1305} with
 * 64 KiB blocks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class Crypt4ghBenchmark {
  /** Plaintext bytes per operation. */
  @Param({"67108864"})
  public int size;

  /**
   * Where the bytes come from: {@code memory}, one array of {@link #size} bytes (64 MiB, read
   * from main memory as a large file's bytes would be); {@code hot}, a 1 MiB block served again
   * and again until {@link #size} bytes have passed (it stays in the CPU's cache, as the single
   * 64 KiB buffer of {@code openssl speed} does).
   */
  @Param({"memory", "hot"})
  public String source;

  private static final int HOT = 1 << 20;

  private byte[] plain;
  private byte[] encrypted;
  private Crypt4ghPrivateKey key;
  private Cipher cipher;
  private SecretKeySpec rawKey;
  private final byte[] segmentOut = new byte[65_536 + 16];
  private final byte[] nonce = new byte[12];
  private long counter;
  private byte[] header;

  private boolean hot() {
    return "hot".equals(source);
  }

  private InputStream plainSource() {
    return hot() ? new Repeating(new byte[0], plain, size) : new ByteArrayInputStream(plain);
  }

  private InputStream encryptedSource() {
    if (!hot()) {
      return new ByteArrayInputStream(encrypted);
    }
    long body = (long) size / Crypt4gh.SEGMENT_SIZE * Crypt4gh.CIPHER_SEGMENT_SIZE;
    return new Repeating(header, encrypted, header.length + body);
  }

  /** A prefix, then a block repeated, {@code total} bytes in all. */
  static final class Repeating extends InputStream {
    private final byte[] prefix;
    private final byte[] block;
    private final long total;
    private long pos;

    Repeating(byte[] prefix, byte[] block, long total) {
      this.prefix = prefix;
      this.block = block;
      this.total = total;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= total) {
        return -1;
      }
      byte[] from;
      int at;
      int left;
      if (pos < prefix.length) {
        from = prefix;
        at = (int) pos;
        left = prefix.length - at;
      } else {
        from = block;
        at = (int) ((pos - prefix.length) % block.length);
        left = block.length - at;
      }
      int n = (int) Math.min(Math.min(len, left), total - pos);
      System.arraycopy(from, at, b, off, n);
      pos += n;
      return n;
    }
  }

  /** The data: random plaintext and its Crypt4GH form. */
  @Setup
  public void setUp() throws IOException {
    plain = new byte[hot() ? HOT : size];
    new Random(1).nextBytes(plain);
    key = Crypt4ghPrivateKey.generate();
    try (InputStream in = Crypt4gh.encrypt(new ByteArrayInputStream(plain),
        List.of(key.publicKey()))) {
      encrypted = in.readAllBytes();
    }
    if (hot()) {
      // the header, then the 16 segments of the 1 MiB block again and again: every segment is
      // sealed on its own with its own nonce, so the repeated stream is valid Crypt4GH
      int body = Crypt4gh.CIPHER_SEGMENT_SIZE * (HOT / Crypt4gh.SEGMENT_SIZE);
      header = Arrays.copyOf(encrypted, encrypted.length - body);
      encrypted = Arrays.copyOfRange(encrypted, encrypted.length - body,
          encrypted.length);
    }
    try {
      cipher = Cipher.getInstance("ChaCha20-Poly1305");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    rawKey = new SecretKeySpec(new byte[32], "ChaCha20");
  }

  /**
   * The floor under the SDK: the JDK's ChaCha20-Poly1305 alone over the same bytes in 64 KiB
   * blocks (a counter as nonce, no streams, no copies, no Crypt4GH framing).
   *
   * @return bytes encrypted
   * @throws GeneralSecurityException never
   */
  @Benchmark
  public long jdkCipherOnly() throws GeneralSecurityException {
    long n = 0;
    for (long done = 0; done < size; done += 65_536) {
      int off = (int) (done % plain.length);
      int len = (int) Math.min(65_536, Math.min(size - done, plain.length - off));
      long c = ++counter;
      for (int i = 0; i < 8; i++) {
        nonce[i] = (byte) (c >>> (8 * i));
      }
      cipher.init(Cipher.ENCRYPT_MODE, rawKey, new IvParameterSpec(nonce));
      n += cipher.doFinal(plain, off, len, segmentOut, 0);
    }
    return n;
  }

  /**
   * Encrypts the plaintext.
   *
   * @return the ciphertext bytes
   * @throws IOException never (in memory)
   */
  @Benchmark
  public long encrypt() throws IOException {
    try (InputStream in = Crypt4gh.encrypt(plainSource(), List.of(key.publicKey()))) {
      return in.transferTo(OutputStream.nullOutputStream());
    }
  }

  /**
   * Decrypts the ciphertext.
   *
   * @return the plaintext bytes
   * @throws IOException never (in memory)
   */
  @Benchmark
  public long decrypt() throws IOException {
    try (InputStream in = Crypt4gh.decrypt(encryptedSource(), key)) {
      return in.transferTo(OutputStream.nullOutputStream());
    }
  }
}
