package de.denbi.spe.storage.crypt4gh;

import de.denbi.spe.core.LocalIOException;
import de.denbi.spe.storage.ObjectInfo;
import de.denbi.spe.storage.StorageClient;
import de.denbi.spe.storage.TransferOptions;
import de.denbi.spe.storage.TransferResult;
import de.denbi.spe.storage.crypt4gh.internal.DecryptingInputStream;
import de.denbi.spe.storage.crypt4gh.internal.Header;
import de.denbi.spe.storage.crypt4gh.internal.VerifyingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Crypt4GH through a {@link StorageClient}: objects are encrypted while they are uploaded and
 * decrypted while they are downloaded, so plaintext never reaches the store and no temporary
 * plaintext copy is made. Ranged reads fetch only the segments that hold the range (an edit list
 * over them). Uploaded objects carry the metadata {@code crypt4gh=1}; the SHA-256 the client
 * records is that of the encrypted object.
 *
 * <pre>{@code
 * Crypt4ghStorage c4gh = Crypt4ghStorage.of(client);
 * c4gh.upload(Path.of("cohort.vcf.gz"), "spe-project-1", "datasets/cohort/cohort.vcf.gz.c4gh",
 *     List.of(spePublicKey), TransferOptions.defaults());
 * c4gh.download("spe-project-1", "datasets/cohort/cohort.vcf.gz.c4gh", Path.of("cohort.vcf.gz"),
 *     myPrivateKey);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Crypt4ghStorage {
  /** The metadata name that marks Crypt4GH objects. */
  public static final String METADATA = "crypt4gh";

  private final StorageClient client;

  private Crypt4ghStorage(StorageClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /**
   * Wraps a storage client.
   *
   * @param client the client (not closed by this object)
   * @return the Crypt4GH view of it
   */
  public static Crypt4ghStorage of(StorageClient client) {
    return new Crypt4ghStorage(client);
  }

  /**
   * Encrypts a stream for the recipients while uploading it (bounded memory, any length).
   *
   * @param plain the plaintext (read to its end, not closed)
   * @param bucket the bucket
   * @param key the object key (by convention ending in {@code .c4gh})
   * @param recipients the readers' public keys
   * @param options transfer options (part size, concurrency, progress in encrypted bytes)
   * @return the result (size and SHA-256 of the encrypted object)
   */
  public TransferResult upload(InputStream plain, String bucket, String key,
      List<Crypt4ghPublicKey> recipients, TransferOptions options) {
    Crypt4gh.checkRecipients(recipients);
    InputStream enc = Crypt4gh.encrypt(new java.io.FilterInputStream(plain) {
      @Override
      public void close() {
        // the caller owns the stream
      }
    }, recipients);
    return client.upload(enc, bucket, key, marked(options));
  }

  /**
   * Encrypts a file for the recipients while uploading it.
   *
   * @param file the plaintext file
   * @param bucket the bucket
   * @param key the object key
   * @param recipients the readers' public keys
   * @param options transfer options
   * @return the result
   */
  public TransferResult upload(Path file, String bucket, String key,
      List<Crypt4ghPublicKey> recipients, TransferOptions options) {
    try (InputStream in = Files.newInputStream(file)) {
      return upload(in, bucket, key, recipients, options);
    } catch (IOException e) {
      throw new LocalIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens an object and decrypts it while it is read (the header's edit list applies). When the
   * object has a recorded SHA-256, the ciphertext is checked against it at its end, so an object
   * cut at a segment boundary raises a {@link de.denbi.spe.storage.ChecksumMismatchException}.
   *
   * @param bucket the bucket
   * @param key the key
   * @param reader the reader's private key
   * @return the plaintext; close it
   * @throws NoMatchingKeyException if the object was not encrypted for this key
   */
  public InputStream open(String bucket, String key, Crypt4ghPrivateKey reader) {
    ObjectInfo info = client.stat(bucket, key);
    InputStream raw = client.openObject(bucket, key, 0, -1, null);
    InputStream in = info.sha256().<InputStream>map(
        sha -> new VerifyingInputStream(raw, sha, info.uri())).orElse(raw);
    try {
      return Crypt4gh.decrypt(in, reader);
    } catch (RuntimeException e) {
      closeQuietly(in, e);
      throw e;
    }
  }

  /**
   * Reads a plaintext range: fetches the header, then only the segments that hold the range (an
   * HTTP range request), and decrypts them with an edit list that keeps the range.
   *
   * @param bucket the bucket
   * @param key the key
   * @param reader the reader's private key
   * @param offset first plaintext byte
   * @param length bytes, or -1 for the rest
   * @return the plaintext of the range (shorter when the object ends before); close it
   */
  public InputStream openRange(String bucket, String key, Crypt4ghPrivateKey reader, long offset,
      long length) {
    EditList.range(offset, length); // validates
    Header h;
    try (InputStream in = client.openObject(bucket, key, 0, -1, null)) {
      h = Header.read(in, reader);
    } catch (IOException e) {
      throw new LocalIOException("reading the Crypt4GH header of " + key + " failed", e);
    }
    if (h.editList() != null) {
      throw new de.denbi.spe.core.InvalidRequestException("offset", "the object's header has its"
          + " own edit list; read it whole with open(...)");
    }
    ObjectInfo info = client.stat(bucket, key);
    long firstSegment = offset / Crypt4gh.SEGMENT_SIZE;
    long start = h.length() + firstSegment * Crypt4gh.CIPHER_SEGMENT_SIZE;
    if (start >= info.size() || length == 0) {
      return InputStream.nullInputStream();
    }
    long cipherLength = -1;
    if (length > 0) {
      long lastSegment = (offset + length - 1) / Crypt4gh.SEGMENT_SIZE;
      long end = Math.min(info.size(),
          h.length() + (lastSegment + 1) * Crypt4gh.CIPHER_SEGMENT_SIZE);
      cipherLength = end - start;
    }
    InputStream body = client.openObject(bucket, key, start, cipherLength, null);
    long skip = offset - firstSegment * Crypt4gh.SEGMENT_SIZE;
    EditList window = length > 0 ? EditList.of(skip, length) : EditList.of(skip);
    return new DecryptingInputStream(body, h.dataKeys(), window, firstSegment);
  }

  /**
   * Downloads and decrypts an object to a file: written to a temporary file next to the target
   * and renamed only when every segment was verified.
   *
   * @param bucket the bucket
   * @param key the key
   * @param target the plaintext file
   * @param reader the reader's private key
   * @return plaintext bytes written
   */
  public long download(String bucket, String key, Path target, Crypt4ghPrivateKey reader) {
    Path dir = target.toAbsolutePath().getParent();
    Path tmp = null;
    try {
      Files.createDirectories(dir);
      tmp = Files.createTempFile(dir, "." + target.getFileName(), ".part");
      long n;
      try (InputStream in = open(bucket, key, reader);
          OutputStream out = Files.newOutputStream(tmp)) {
        n = in.transferTo(out);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
      return n;
    } catch (IOException e) {
      throw new LocalIOException("downloading " + key + " to " + target + " failed: "
          + e.getMessage(), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }

  /**
   * Shares an encrypted object with more readers by re-encrypting only its header into a new
   * object: existing readers keep access, the data segments are streamed through unchanged.
   *
   * @param bucket the bucket
   * @param key the existing object
   * @param reader a current reader's private key
   * @param newRecipients the readers to add
   * @param targetKey the key of the new object (must differ from {@code key})
   * @param options transfer options of the upload
   * @return the result of the upload
   */
  public TransferResult addRecipients(String bucket, String key, Crypt4ghPrivateKey reader,
      List<Crypt4ghPublicKey> newRecipients, String targetKey, TransferOptions options) {
    if (key.equals(targetKey)) {
      throw new de.denbi.spe.core.InvalidRequestException("targetKey",
          "must differ from the source key (the source is read while the target is written)");
    }
    Crypt4gh.checkRecipients(newRecipients);
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    try (InputStream src = client.openObject(bucket, key, 0, -1, null);
        PipedInputStream pipeIn = new PipedInputStream(Crypt4gh.CIPHER_SEGMENT_SIZE)) {
      PipedOutputStream pipeOut = new PipedOutputStream(pipeIn);
      Thread writer = Thread.ofVirtual().name("crypt4gh-reheader").start(() -> {
        try (pipeOut) {
          Crypt4gh.addRecipients(src, pipeOut, reader, newRecipients);
        } catch (RuntimeException e) {
          failure.set(e);
        } catch (IOException e) {
          failure.set(new LocalIOException("re-encrypting the header failed", e));
        }
      });
      TransferResult r;
      try {
        r = client.upload(pipeIn, bucket, targetKey, marked(options));
      } finally {
        writer.join();
      }
      if (failure.get() != null) {
        client.deleteObject(bucket, targetKey);
        throw failure.get();
      }
      return r;
    } catch (IOException e) {
      throw new LocalIOException("re-encrypting " + key + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LocalIOException("interrupted while re-encrypting " + key,
          new java.io.InterruptedIOException());
    }
  }

  private static TransferOptions marked(TransferOptions o) {
    TransferOptions options = o == null ? TransferOptions.defaults() : o;
    Map<String, String> meta = new HashMap<>(options.metadata());
    meta.put(METADATA, "1");
    return new TransferOptions(options.partSize(), options.concurrency(), options.progress(),
        options.progressInterval(),
        options.sseCustomerKey(), options.includes(), options.excludes(), options.skipUnchanged(),
        options.contentType(), meta);
  }

  private static void closeQuietly(InputStream in, RuntimeException primary) {
    try {
      in.close();
    } catch (IOException e) {
      primary.addSuppressed(e);
    }
  }

  @Override
  public String toString() {
    return "Crypt4ghStorage[" + client + "]";
  }
}
