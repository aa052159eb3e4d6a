package de.denbi.spe.storage.crypt4gh;

import de.denbi.spe.core.InvalidRequestException;
import de.denbi.spe.core.LocalIOException;
import de.denbi.spe.storage.crypt4gh.internal.Aead;
import de.denbi.spe.storage.crypt4gh.internal.DecryptingInputStream;
import de.denbi.spe.storage.crypt4gh.internal.EncryptingInputStream;
import de.denbi.spe.storage.crypt4gh.internal.Header;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Streaming GA4GH Crypt4GH 1.0 on the JDK (X25519, ChaCha20-Poly1305, 64 KiB segments): encrypt
 * for several recipients, decrypt (honouring the header's edit list), re-encrypt only the header
 * for new recipients, and add an edit list. Memory per stream: two 64 KiB buffers.
 *
 * <pre>{@code
 * InputStream encrypted = Crypt4gh.encrypt(plain, List.of(spePublicKey, myPublicKey));
 * InputStream plain = Crypt4gh.decrypt(encrypted, myPrivateKey);
 * }</pre>
 *
 * <p>A stream cut exactly at a segment boundary cannot be told from a shorter file (a property
 * of the format); everything else that was altered or truncated raises a
 * {@link TamperedSegmentException}, and no byte of a segment is returned before its tag is
 * verified.
 *
 * @since 0.1.0
 */
public final class Crypt4gh {
  /** Plaintext bytes per segment (64 KiB). */
  public static final int SEGMENT_SIZE = Header.SEGMENT;
  /** Ciphertext bytes per full segment (nonce + 64 KiB + tag). */
  public static final int CIPHER_SEGMENT_SIZE = Header.CIPHER_SEGMENT;

  private Crypt4gh() {}

  /**
   * Returns a stream of the Crypt4GH form of {@code plain}, encrypted for the recipients with a
   * fresh writer key and a fresh data key.
   *
   * @param plain the plaintext (read lazily, closed with the returned stream)
   * @param recipients the readers' public keys (at least one)
   * @return the encrypted stream
   */
  public static InputStream encrypt(InputStream plain, List<Crypt4ghPublicKey> recipients) {
    return encrypt(plain, recipients, Crypt4ghPrivateKey.generate(), null);
  }

  /**
   * Returns a stream of the Crypt4GH form of {@code plain}.
   *
   * @param plain the plaintext (read lazily, closed with the returned stream)
   * @param recipients the readers' public keys (at least one)
   * @param writer the writer's private key (the readers see its public key)
   * @param editList an edit list for all readers, or null
   * @return the encrypted stream
   */
  public static InputStream encrypt(InputStream plain, List<Crypt4ghPublicKey> recipients,
      Crypt4ghPrivateKey writer, EditList editList) {
    Objects.requireNonNull(plain, "plain");
    checkRecipients(recipients);
    Objects.requireNonNull(writer, "writer");
    byte[] dataKey = Aead.random(32);
    byte[] header = Header.encode(writer, recipients, dataKey, editList, List.of());
    return new EncryptingInputStream(plain, header, dataKey);
  }

  /**
   * Encrypts {@code plain} to {@code out}.
   *
   * @param plain the plaintext (read to its end, not closed)
   * @param out where the Crypt4GH stream goes (not closed)
   * @param recipients the readers
   * @return bytes written
   */
  public static long encrypt(InputStream plain, OutputStream out,
      List<Crypt4ghPublicKey> recipients) {
    try (InputStream enc = encrypt(nonClosing(plain), recipients)) {
      return enc.transferTo(out);
    } catch (IOException e) {
      throw new LocalIOException("encrypting to Crypt4GH failed: " + e.getMessage(), e);
    }
  }

  /**
   * Returns the plaintext of a Crypt4GH stream, as far as the header's edit list keeps it. The
   * header is read at once (so a wrong key fails here); segments are read and verified lazily.
   *
   * @param encrypted the Crypt4GH stream (closed with the returned stream)
   * @param reader the reader's private key
   * @return the plaintext
   * @throws NoMatchingKeyException if the stream was not encrypted for this key
   * @throws Crypt4ghFormatException if it is not a Crypt4GH stream
   */
  public static InputStream decrypt(InputStream encrypted, Crypt4ghPrivateKey reader) {
    Header h = Header.read(encrypted, reader);
    return new DecryptingInputStream(encrypted, h.dataKeys(), h.editList(), 0);
  }

  /**
   * Returns a range of the plaintext of a Crypt4GH stream (on top of the header's own edit list
   * this is applied to the full plaintext; a header edit list and a range together are refused).
   *
   * @param encrypted the Crypt4GH stream (closed with the returned stream)
   * @param reader the reader's private key
   * @param offset first plaintext byte
   * @param length bytes, or -1 for the rest
   * @return the plaintext of the range
   */
  public static InputStream decryptRange(InputStream encrypted, Crypt4ghPrivateKey reader,
      long offset, long length) {
    EditList range = EditList.range(offset, length);
    Header h = Header.read(encrypted, reader);
    if (h.editList() != null) {
      throw new InvalidRequestException("offset", "the stream's header has its own edit list;"
          + " read it whole");
    }
    return new DecryptingInputStream(encrypted, h.dataKeys(), range, 0);
  }

  /**
   * Decrypts to {@code out}.
   *
   * @param encrypted the Crypt4GH stream (read to its end, not closed)
   * @param out where the plaintext goes (not closed)
   * @param reader the reader's key
   * @return plaintext bytes written
   */
  public static long decrypt(InputStream encrypted, OutputStream out, Crypt4ghPrivateKey reader) {
    try (InputStream dec = decrypt(nonClosing(encrypted), reader)) {
      return dec.transferTo(out);
    } catch (IOException e) {
      throw new LocalIOException("decrypting Crypt4GH failed: " + e.getMessage(), e);
    }
  }

  /**
   * Re-encrypts only the header, for new recipients: the data segments are copied unchanged, so
   * this costs one pass of copying and no data decryption. The new header holds only the given
   * recipients (include yourself to keep access) and the edit list the reader had, if any.
   *
   * @param encrypted the Crypt4GH stream (read to its end, not closed)
   * @param out the new stream (not closed)
   * @param reader a current reader's private key
   * @param recipients the new readers
   * @return bytes written
   */
  public static long reencryptHeader(InputStream encrypted, OutputStream out,
      Crypt4ghPrivateKey reader, List<Crypt4ghPublicKey> recipients) {
    return rewrite(encrypted, out, reader, recipients, null, false);
  }

  /**
   * Adds recipients: keeps every existing header packet (other readers keep their access) and
   * adds packets for the new ones; data segments are copied unchanged.
   *
   * @param encrypted the Crypt4GH stream (read to its end, not closed)
   * @param out the new stream (not closed)
   * @param reader a current reader's private key
   * @param newRecipients the readers to add
   * @return bytes written
   */
  public static long addRecipients(InputStream encrypted, OutputStream out,
      Crypt4ghPrivateKey reader, List<Crypt4ghPublicKey> newRecipients) {
    return rewrite(encrypted, out, reader, newRecipients, null, true);
  }

  /**
   * Re-encrypts the header for recipients with an edit list: they see only the kept bytes (for
   * example one region of a BAM file), while the data segments are copied unchanged.
   *
   * @param encrypted the Crypt4GH stream (read to its end, not closed)
   * @param out the new stream (not closed)
   * @param reader a current reader's private key
   * @param recipients the new readers
   * @param editList what they may see
   * @return bytes written
   */
  public static long withEditList(InputStream encrypted, OutputStream out,
      Crypt4ghPrivateKey reader, List<Crypt4ghPublicKey> recipients, EditList editList) {
    return rewrite(encrypted, out, reader, recipients, Objects.requireNonNull(editList, "editList"),
        false);
  }

  private static long rewrite(InputStream encrypted, OutputStream out, Crypt4ghPrivateKey reader,
      List<Crypt4ghPublicKey> recipients, EditList editList, boolean keep) {
    checkRecipients(recipients);
    Header h = Header.read(encrypted, reader);
    if (h.dataKeys().size() != 1) {
      throw new Crypt4ghFormatException("the header holds " + h.dataKeys().size()
          + " data keys for this reader; re-encrypting such a header is not supported");
    }
    EditList el = editList != null ? editList : h.editList();
    byte[] header = Header.encode(Crypt4ghPrivateKey.generate(), recipients, h.dataKeys().get(0),
        el, keep ? h.packets() : List.of());
    try {
      out.write(header);
      return header.length + encrypted.transferTo(out);
    } catch (IOException e) {
      throw new LocalIOException("re-encrypting the Crypt4GH header failed: " + e.getMessage(), e);
    }
  }

  /**
   * The size of the Crypt4GH data part (without header) for a plaintext size.
   *
   * @param plainSize plaintext bytes
   * @return ciphertext bytes of the segments
   */
  public static long encryptedBodySize(long plainSize) {
    long full = plainSize / SEGMENT_SIZE;
    long rest = plainSize % SEGMENT_SIZE;
    return full * CIPHER_SEGMENT_SIZE + (rest > 0 ? rest + CIPHER_SEGMENT_SIZE - SEGMENT_SIZE : 0);
  }

  static void checkRecipients(List<Crypt4ghPublicKey> recipients) {
    if (recipients == null || recipients.isEmpty()) {
      throw new InvalidRequestException("recipients", "at least one recipient's public key");
    }
    if (new ArrayList<>(recipients).contains(null)) {
      throw new InvalidRequestException("recipients", "a recipient is null");
    }
  }

  private static InputStream nonClosing(InputStream in) {
    return new java.io.FilterInputStream(in) {
      @Override
      public void close() {
        // the caller owns the stream
      }
    };
  }
}
