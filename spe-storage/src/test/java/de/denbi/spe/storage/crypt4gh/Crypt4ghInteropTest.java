package de.denbi.spe.storage.crypt4gh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Interoperability with an independent Crypt4GH implementation
 * ({@code src/test/resources/crypt4gh/c4gh_independent.py}: written from the GA4GH spec on
 * OpenSSL's primitives through python3-cryptography, and checked by hand against the test
 * vectors of ELIXIR Norway's Go implementation). The stored vector always runs; the live
 * tests in both directions run when {@code python3} with {@code cryptography} is installed
 * (Debian: {@code python3-cryptography}) and are skipped with that reason otherwise.
 */
class Crypt4ghInteropTest {
  static final String KEY_FILE = """
        -----BEGIN CRYPT4GH ENCRYPTED PRIVATE KEY-----
        YzRnaC12MQAGc2NyeXB0ABQAAAAAFlabG66qo3SAl+UYUK0b9AARY2hhY2hhMjBfcG9seTEzMDUAPIa8zxHpBG2ZZVCJSfsu3T8qApuC1ZX3o8vEIZT/bOhPB5KTw357aQJVE7YhRbcprWJlYRWBKr1lyiJjTQ==
        -----END CRYPT4GH ENCRYPTED PRIVATE KEY-----
        """;

  static final String VECTOR = """
        Y3J5cHQ0Z2gBAAAAAQAAAGwAAAAAAAAA73Lyj2mfqxtSUh5ob1rk/dnFqeUKTgkf3o6IoJK3cDm3
        gJG7rrjuU/y3LKB1H/U7c0dkBUzY5v/aezqbLdpQYPjKG/XtqpyPMHSYXZ/+z5gDzMkXDXTHmabB
        aM63IgxgHIZPIyOsRIrdmGHPG3pOOeEjlhPu3I8N7tJbuyF2qS760lFJR6KSWXE/WuuwO9AK2H3/
        dEx3KmvH3MnDlPkEm/fcumtrYfDnuvcVEGKD81x7mmJFlJwklxGBGWdh09d/DcOaXNVhEt9QVbp8
        jIwW1o85Dv3qUsyZ
        """;

  @TempDir Path tmp;

  @Test
  void aStoredVectorOfTheIndependentImplementationDecrypts() throws IOException {
    Crypt4ghPrivateKey key = Crypt4ghKeys.parsePrivateKey(KEY_FILE, "spe".toCharArray(), "kat");
    byte[] enc = Base64.getMimeDecoder().decode(VECTOR.strip());
    try (InputStream in = Crypt4gh.decrypt(new ByteArrayInputStream(enc), key)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo(
          "Crypt4GH interop vector: written by an independent implementation, read by"
              + " spe-storage.\n");
    }
  }

  static Path script() {
    try {
      return Path.of(Crypt4ghInteropTest.class.getResource("/crypt4gh/c4gh_independent.py").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static boolean pythonWithCryptography() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import cryptography, hashlib; hashlib.scrypt")
          .redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static byte[] run(byte[] stdin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("python3", script().toString()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Thread feeder = Thread.ofVirtual().start(() -> {
      try (OutputStream o = p.getOutputStream()) {
        o.write(stdin);
      } catch (IOException ignored) {
        // the process died; its exit code tells
      }
    });
    byte[] out = p.getInputStream().readAllBytes();
    feeder.join();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("exit code of " + cmd).isZero();
    return out;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 65_535, 65_536, 65_537, 200_000})
  void bothDirectionsWithTheIndependentImplementation(int size) throws Exception {
    assumeTrue(pythonWithCryptography(), "python3 with cryptography is not installed");
    Path pySec = tmp.resolve("py.sec");
    Path pyPub = tmp.resolve("py.pub");
    run(new byte[0], "keygen", pySec.toString(), pyPub.toString(), "py-pass");
    // the Java side reads the independent key files ...
    Crypt4ghPrivateKey pyKey = Crypt4ghKeys.readPrivateKey(pySec, "py-pass".toCharArray());
    assertThat(Crypt4ghKeys.readPublicKey(pyPub)).isEqualTo(pyKey.publicKey());
    // ... and the independent side reads ours
    Crypt4ghPrivateKey javaKey = Crypt4ghPrivateKey.generate();
    Path javaSec = tmp.resolve("java.sec");
    Path javaPub = tmp.resolve("java.pub");
    Crypt4ghKeys.writePrivateKey(javaKey, "java-pass".toCharArray(), "java", javaSec);
    Crypt4ghKeys.writePublicKey(javaKey.publicKey(), javaPub);

    byte[] plain = new byte[size];
    new Random(size).nextBytes(plain);

    // independent -> Java, for two recipients
    byte[] fromPy = run(plain, "encrypt", pySec.toString(), "py-pass", javaPub.toString(),
        pyPub.toString());
    try (InputStream in = Crypt4gh.decrypt(new ByteArrayInputStream(fromPy), javaKey)) {
      assertThat(in.readAllBytes()).isEqualTo(plain);
    }
    // Java -> independent, for two recipients
    ByteArrayOutputStream enc = new ByteArrayOutputStream();
    Crypt4gh.encrypt(new ByteArrayInputStream(plain), enc,
        List.of(javaKey.publicKey(), pyKey.publicKey()));
    assertThat(run(enc.toByteArray(), "decrypt", pySec.toString(), "py-pass")).isEqualTo(plain);
    assertThat(run(enc.toByteArray(), "decrypt", javaSec.toString(), "java-pass")).isEqualTo(plain);

    // a header re-encrypted by Java with an edit list, read by the independent side
    if (size > 10) {
      ByteArrayOutputStream edited = new ByteArrayOutputStream();
      Crypt4gh.withEditList(new ByteArrayInputStream(fromPy), edited, javaKey,
          List.of(pyKey.publicKey()), EditList.of(3, size / 2, 1, 2));
      byte[] want = new byte[size / 2 + 2];
      System.arraycopy(plain, 3, want, 0, size / 2);
      System.arraycopy(plain, 3 + size / 2 + 1, want, size / 2, 2);
      assertThat(run(edited.toByteArray(), "decrypt", pySec.toString(), "py-pass")).isEqualTo(want);
      Files.write(tmp.resolve("edited.c4gh"), edited.toByteArray());
    }
  }
}
