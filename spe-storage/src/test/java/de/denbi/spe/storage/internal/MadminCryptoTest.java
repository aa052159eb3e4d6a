package de.denbi.spe.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** madmin's encrypted admin bodies, against vectors written by the reference (sio-go). */
class MadminCryptoTest {
  static final String PASSWORD = "minio-admin-secret-ä";

  static byte[] resource(String name) throws IOException {
    try (InputStream in = MadminCryptoTest.class.getResourceAsStream("/madmin/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i % 251);
    }
    return b;
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 16384, 40000})
  void decryptsWhatTheReferenceWrote(int size) throws IOException {
    assertThat(MadminCrypto.decrypt(PASSWORD, resource("sio-pbkdf2-" + size + ".bin")))
        .isEqualTo(pattern(size));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 16383, 16384, 16385, 32768, 100_000})
  void roundTripsAndHasTheReferenceLayout(int size) {
    byte[] plain = new byte[size];
    new Random(size).nextBytes(plain);
    byte[] enc = MadminCrypto.encrypt(PASSWORD, plain);
    int fragments = Math.max(1, (size + 16383) / 16384);
    assertThat(enc).hasSize(32 + 1 + 8 + size + 16 * fragments);
    assertThat(enc[32]).isEqualTo(MadminCrypto.PBKDF2_AES_GCM);
    assertThat(MadminCrypto.decrypt(PASSWORD, enc)).isEqualTo(plain);
    // fresh salt and nonce every time
    assertThat(Arrays.copyOf(MadminCrypto.encrypt(PASSWORD, plain), 41))
        .isNotEqualTo(Arrays.copyOf(enc, 41));
  }

  @Test
  void wrongPasswordTamperingAndTruncationAreRejected() throws IOException {
    byte[] enc = resource("sio-pbkdf2-40000.bin");
    assertThatThrownBy(() -> MadminCrypto.decrypt("another-secret", enc))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not authentic");
    byte[] flipped = enc.clone();
    flipped[20_000] ^= 1;
    assertThatThrownBy(() -> MadminCrypto.decrypt(PASSWORD, flipped))
        .hasMessageContaining("not authentic");
    // dropping the final fragment: the last remaining one is not marked final
    byte[] cut = Arrays.copyOf(enc, 41 + 2 * (16384 + 16));
    assertThatThrownBy(() -> MadminCrypto.decrypt(PASSWORD, cut))
        .hasMessageContaining("not authentic");
  }

  @Test
  void argon2idBodiesAreRefusedClearly() throws IOException {
    byte[] enc = resource("sio-argon2id-add-user.bin");
    assertThat(enc[32]).isEqualTo((byte) 0x00);
    assertThatThrownBy(() -> MadminCrypto.decrypt(PASSWORD, enc))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Argon2id");
  }

  @Test
  void theSecretIsTheOnlyThingThatOpensIt() {
    byte[] enc = MadminCrypto.encrypt(PASSWORD, "{\"secretKey\":\"s\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(enc, StandardCharsets.ISO_8859_1)).doesNotContain("secretKey");
  }
}
