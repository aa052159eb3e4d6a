package de.denbi.spe.benchmarks.storage;

import de.denbi.spe.storage.crypt4gh.Crypt4gh;
import de.denbi.spe.storage.crypt4gh.Crypt4ghPrivateKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * plaintext through the SDK's streams (64 KiB segments, a fresh nonce each, ChaCha20-Poly1305
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

  private byte[] plain;
  private byte[] encrypted;
  private Crypt4ghPrivateKey key;
  private Cipher cipher;
  private SecretKeySpec rawKey;
  private final byte[] segmentOut = new byte[65_536 + 16];
  private final byte[] nonce = new byte[12];
  private long counter;

  /** The data: random plaintext and its Crypt4GH form. */
  @Setup
  public void setUp() throws IOException {
    plain = new byte[size];
    new Random(1).nextBytes(plain);
    key = Crypt4ghPrivateKey.generate();
    try (InputStream in = Crypt4gh.encrypt(new ByteArrayInputStream(plain),
        List.of(key.publicKey()))) {
      encrypted = in.readAllBytes();
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
    for (int off = 0; off < plain.length; off += 65_536) {
      int len = Math.min(65_536, plain.length - off);
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
    try (InputStream in = Crypt4gh.encrypt(new ByteArrayInputStream(plain),
        List.of(key.publicKey()))) {
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
    try (InputStream in = Crypt4gh.decrypt(new ByteArrayInputStream(encrypted), key)) {
      return in.transferTo(OutputStream.nullOutputStream());
    }
  }
}
