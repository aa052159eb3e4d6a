package de.denbi.spe.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileHashesTest {
  static final int MIB = 1 << 20;
  final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  @TempDir Path tmp;

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  // part sizes that do and do not divide into the 1 MiB read chunks; files that end on a part
  // boundary, inside a part, and inside the first chunk
  @ParameterizedTest
  @ValueSource(ints = {5 * MIB, 5 * MIB + 3, 7 * MIB - 1})
  void partChecksumsAreThoseOfTheSlicesAndTheWholeHashIsTheFiles(int partSize) throws Exception {
    for (int size : new int[] {1, MIB, 3 * partSize, 3 * partSize + 12345}) {
      byte[] data = new byte[size];
      new Random(size).nextBytes(data);
      Path f = Files.write(tmp.resolve("f" + size), data);
      int parts = (size + partSize - 1) / partSize;

      FileHashes sha = FileHashes.compute(f, size, partSize, true, executor);
      FileHashes crc = FileHashes.compute(f, size, partSize, false, executor);

      assertThat(sha.sha256()).isEqualTo(Hashing.sha256Hex(data, size));
      assertThat(crc.sha256()).isEqualTo(sha.sha256());
      assertThat(sha.partSha256()).hasSize(parts);
      assertThat(crc.partCrc32c()).hasSize(parts);
      for (int p = 0; p < parts; p++) {
        byte[] slice = Arrays.copyOfRange(data, p * partSize, Math.min(size, (p + 1) * partSize));
        assertThat(sha.partSha256()[p]).isEqualTo(Hashing.sha256Hex(slice, slice.length));
        CRC32C c = new CRC32C();
        c.update(slice);
        assertThat(crc.partCrc32c()[p]).isEqualTo(c.getValue());
      }
    }
  }

  @Test
  void aFileShorterThanExpectedIsAnError() throws IOException {
    Path f = Files.write(tmp.resolve("short"), new byte[100]);
    assertThatThrownBy(() -> FileHashes.compute(f, 200, 5 * MIB, true, executor))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("shorter");
  }
}
