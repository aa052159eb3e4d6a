package de.denbi.spe.storage.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * One sequential read of a file that yields its SHA-256 and, for each multipart part, the
 * part's own checksum (SHA-256 for a signed payload over HTTP, CRC32C over HTTPS). The whole
 * file's digest is sequential by nature; the part checksums are taken on a second thread from
 * the same buffers, so a multipart upload can start with every part's checksum known and its
 * part requests need not read the file twice.
 *
 * @param sha256 the file's SHA-256 (hex)
 * @param partSha256 each part's SHA-256 (hex), index 0 = part 1; null over HTTPS
 * @param partCrc32c each part's CRC32C, index 0 = part 1; null over HTTP
 */
public record FileHashes(String sha256, String[] partSha256, long[] partCrc32c) {
  private static final int CHUNK = 1 << 20;
  private static final int BUFFERS = 6;

  /**
   * Reads the file once.
   *
   * @param file the file
   * @param size its expected size
   * @param partSize the part size
   * @param shaParts SHA-256 per part when true, CRC32C per part when false
   * @param executor runs the part hasher (a virtual thread)
   * @return the hashes
   * @throws IOException if the file cannot be read or is shorter than {@code size}
   * @throws InterruptedException if interrupted
   */
  public static FileHashes compute(
      Path file, long size, long partSize, boolean shaParts, ExecutorService executor)
      throws IOException, InterruptedException {
    int parts = (int) Math.max(1, (size + partSize - 1) / partSize);
    BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    for (int i = 0; i < BUFFERS; i++) {
      free.add(new byte[CHUNK]);
    }
    // a chunk never crosses a part boundary; a chunk without data ends the stream
    record Chunk(byte[] data, int length, int part, boolean lastOfPart) {}
    BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(BUFFERS + 1);
    String[] shas = shaParts ? new String[parts] : null;
    long[] crcs = shaParts ? null : new long[parts];
    Future<?> partHasher =
        executor.submit(
            () -> {
              MessageDigest d = shaParts ? Hashing.sha256() : null;
              CRC32C c = shaParts ? null : new CRC32C();
              while (true) {
                Chunk k = full.take();
                if (k.data() == null) {
                  return null;
                }
                if (d != null) {
                  Hashing.update(d, k.data(), 0, k.length());
                } else {
                  c.update(k.data(), 0, k.length());
                }
                free.add(k.data());
                if (k.lastOfPart()) {
                  if (d != null) {
                    shas[k.part()] = Hashing.hex(d.digest());
                  } else {
                    crcs[k.part()] = c.getValue();
                    c.reset();
                  }
                }
              }
            });
    MessageDigest whole = Hashing.sha256();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long pos = 0;
      while (pos < size) {
        int part = (int) (pos / partSize);
        long partEnd = Math.min(size, (part + 1) * partSize);
        byte[] buf;
        while ((buf = free.poll(100, TimeUnit.MILLISECONDS)) == null) {
          if (partHasher.isDone()) {
            partHasher.get(); // reports its failure
            throw new IOException("the part hasher stopped early");
          }
        }
        int want = (int) Math.min(CHUNK, partEnd - pos);
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, want);
        while (bb.hasRemaining()) {
          if (ch.read(bb, pos + bb.position()) < 0) {
            throw new IOException(file + " is shorter than " + size + " bytes");
          }
        }
        Hashing.update(whole, buf, 0, want);
        pos += want;
        full.put(new Chunk(buf, want, part, pos == partEnd));
      }
      full.put(new Chunk(null, 0, 0, false));
      partHasher.get();
    } catch (ExecutionException e) {
      throw new IOException("hashing the parts of " + file + " failed", e.getCause());
    } finally {
      partHasher.cancel(true);
    }
    if (size == 0 && shas != null) {
      shas[0] = Hashing.hex(Hashing.sha256().digest()); // the one (empty) part; CRC32C of it is 0
    }
    return new FileHashes(Hashing.hex(whole.digest()), shas, crcs);
  }
}
