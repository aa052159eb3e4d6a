package de.denbi.spe.storage.crypt4gh.internal;

import de.denbi.spe.core.LocalIOException;
import de.denbi.spe.storage.crypt4gh.Crypt4ghFormatException;
import de.denbi.spe.storage.crypt4gh.Crypt4ghPrivateKey;
import de.denbi.spe.storage.crypt4gh.Crypt4ghPublicKey;
import de.denbi.spe.storage.crypt4gh.EditList;
import de.denbi.spe.storage.crypt4gh.NoMatchingKeyException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Crypt4GH header: magic, version 1, packets encrypted for each reader with
 * X25519 + ChaCha20-Poly1305 (GA4GH Crypt4GH 1.0, section 3.2).
 *
 * @param dataKeys the data keys found in packets for the reader
 * @param editList the edit list for the reader, or null
 * @param packets all packets as read (length field included), for keeping them on re-encryption
 * @param length the header's length in bytes
 */
public record Header(List<byte[]> dataKeys, EditList editList, List<byte[]> packets, long length) {
  /** The magic bytes. */
  public static final byte[] MAGIC = "crypt4gh".getBytes(StandardCharsets.US_ASCII);
  /** Plaintext bytes per data segment. */
  public static final int SEGMENT = 65_536;
  /** Ciphertext bytes per full data segment. */
  public static final int CIPHER_SEGMENT = SEGMENT + Aead.NONCE + Aead.TAG;

  private static final int PACKET_DATA_KEY = 0;
  private static final int PACKET_EDIT_LIST = 1;
  private static final int METHOD_X25519_CHACHA20 = 0;
  private static final int MAX_PACKETS = 65_536;
  private static final int MAX_PACKET = 1 << 20;

  /**
   * Encodes the packets for several readers.
   *
   * @param writer the writer's key (often a fresh one per stream)
   * @param recipients the readers
   * @param dataKey the data key
   * @param editList an edit list, or null
   * @param keep packets from an existing header to keep (length field included), may be empty
   * @return the header bytes
   */
  public static byte[] encode(Crypt4ghPrivateKey writer, List<Crypt4ghPublicKey> recipients,
      byte[] dataKey, EditList editList, List<byte[]> keep) {
    List<byte[]> plain = new ArrayList<>();
    ByteBuffer dk = le(4 + 4 + 32);
    dk.putInt(PACKET_DATA_KEY).putInt(0).put(dataKey);
    plain.add(dk.array());
    if (editList != null) {
      ByteBuffer el = le(4 + 4 + 8 * editList.lengths().size());
      el.putInt(PACKET_EDIT_LIST).putInt(editList.lengths().size());
      editList.lengths().forEach(el::putLong);
      plain.add(el.array());
    }
    List<byte[]> packets = new ArrayList<>(keep);
    byte[] writerSecret = writer.secretBytes();
    byte[] writerPublic = writer.publicKey().bytes();
    Aead aead = new Aead();
    for (Crypt4ghPublicKey r : recipients) {
      byte[] readerPublic = r.bytes();
      byte[] dh = X25519.dh(writerSecret, readerPublic);
      byte[] key = X25519.sessionKey(dh, readerPublic, writerPublic);
      for (byte[] p : plain) {
        byte[] packet = new byte[4 + 4 + 32 + Aead.NONCE + p.length + Aead.TAG];
        ByteBuffer b = ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(packet.length).putInt(METHOD_X25519_CHACHA20).put(writerPublic);
        Aead.randomNonce(packet, 40);
        aead.seal(key, p, 0, p.length, packet, 40);
        packets.add(packet);
      }
      Arrays.fill(key, (byte) 0);
      Arrays.fill(dh, (byte) 0);
    }
    Arrays.fill(writerSecret, (byte) 0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer start = le(16);
    start.put(MAGIC).putInt(1).putInt(packets.size());
    out.writeBytes(start.array());
    packets.forEach(out::writeBytes);
    return out.toByteArray();
  }

  /**
   * Reads a header from the start of a stream and opens the packets meant for the reader.
   *
   * @param in the stream, positioned at its start; left just after the header
   * @param reader the reader's private key
   * @return the header
   * @throws NoMatchingKeyException if no packet is for the reader
   */
  public static Header read(InputStream in, Crypt4ghPrivateKey reader) {
    try {
      byte[] start = in.readNBytes(16);
      if (start.length < 16 || !Arrays.equals(start, 0, 8, MAGIC, 0, 8)) {
        throw new Crypt4ghFormatException("not a Crypt4GH stream (the magic bytes 'crypt4gh' are"
            + " missing)");
      }
      ByteBuffer s = ByteBuffer.wrap(start).order(ByteOrder.LITTLE_ENDIAN);
      int version = s.getInt(8);
      if (version != 1) {
        throw new Crypt4ghFormatException("unsupported Crypt4GH version " + version
            + " (only version 1 is defined)");
      }
      long count = Integer.toUnsignedLong(s.getInt(12));
      if (count == 0 || count > MAX_PACKETS) {
        throw new Crypt4ghFormatException("a Crypt4GH header with " + count + " packets");
      }
      byte[] readerSecret = reader.secretBytes();
      byte[] readerPublic = reader.publicKey().bytes();
      Aead aead = new Aead();
      List<byte[]> keys = new ArrayList<>();
      List<byte[]> packets = new ArrayList<>();
      EditList editList = null;
      long length = 16;
      for (int i = 0; i < count; i++) {
        byte[] lenBytes = in.readNBytes(4);
        if (lenBytes.length < 4) {
          throw truncated();
        }
        long plen = Integer.toUnsignedLong(
            ByteBuffer.wrap(lenBytes).order(ByteOrder.LITTLE_ENDIAN).getInt());
        if (plen < 8 || plen > MAX_PACKET) {
          throw new Crypt4ghFormatException("a Crypt4GH header packet of " + plen + " bytes");
        }
        byte[] packet = new byte[(int) plen];
        System.arraycopy(lenBytes, 0, packet, 0, 4);
        if (in.readNBytes(packet, 4, packet.length - 4) < packet.length - 4) {
          throw truncated();
        }
        length += plen;
        packets.add(packet);
        ByteBuffer p = ByteBuffer.wrap(packet).order(ByteOrder.LITTLE_ENDIAN);
        if (p.getInt(4) != METHOD_X25519_CHACHA20 || plen < 8 + 32 + Aead.NONCE + Aead.TAG + 4) {
          continue; // not a method we know: a packet for someone else
        }
        byte[] writerPublic = Arrays.copyOfRange(packet, 8, 40);
        byte[] dh;
        try {
          dh = X25519.dh(readerSecret, writerPublic);
        } catch (Crypt4ghFormatException e) {
          continue;
        }
        byte[] key = X25519.sessionKey(dh, readerPublic, writerPublic);
        byte[] plain = new byte[packet.length - 40 - Aead.NONCE - Aead.TAG];
        int n = aead.open(key, packet, 40, packet.length - 40, plain, 0);
        Arrays.fill(key, (byte) 0);
        Arrays.fill(dh, (byte) 0);
        if (n < 0) {
          continue; // not for this reader
        }
        ByteBuffer pl = ByteBuffer.wrap(plain).order(ByteOrder.LITTLE_ENDIAN);
        if (n < 4) {
          throw new Crypt4ghFormatException("an empty Crypt4GH header packet");
        }
        int type = pl.getInt(0);
        if (type == PACKET_DATA_KEY) {
          if (n != 40) {
            throw new Crypt4ghFormatException("a Crypt4GH data key packet of " + n + " bytes");
          }
          int method = pl.getInt(4);
          if (method != 0) {
            throw new Crypt4ghFormatException("unsupported Crypt4GH data encryption method "
                + method + " (only chacha20_ietf_poly1305 is defined)");
          }
          keys.add(Arrays.copyOfRange(plain, 8, 40));
        } else if (type == PACKET_EDIT_LIST) {
          if (editList != null) {
            throw new Crypt4ghFormatException("a Crypt4GH header with two edit lists for one"
                + " reader");
          }
          long nl = n < 8 ? -1 : Integer.toUnsignedLong(pl.getInt(4));
          if (nl < 1 || 8 + 8 * nl != n) {
            throw new Crypt4ghFormatException("a malformed Crypt4GH edit list packet");
          }
          List<Long> lengths = new ArrayList<>();
          for (int k = 0; k < nl; k++) {
            long l = pl.getLong(8 + 8 * k);
            if (l < 0) {
              throw new Crypt4ghFormatException("a Crypt4GH edit list length beyond 2^63");
            }
            lengths.add(l);
          }
          editList = new EditList(lengths);
        } else {
          throw new Crypt4ghFormatException("unknown Crypt4GH header packet type " + type);
        }
        Arrays.fill(plain, (byte) 0);
      }
      Arrays.fill(readerSecret, (byte) 0);
      if (keys.isEmpty()) {
        throw new NoMatchingKeyException((int) count, reader.publicKey());
      }
      return new Header(List.copyOf(keys), editList, List.copyOf(packets), length);
    } catch (IOException e) {
      throw new LocalIOException("reading a Crypt4GH header failed: " + e.getMessage(), e);
    }
  }

  private static Crypt4ghFormatException truncated() {
    return new Crypt4ghFormatException("the Crypt4GH header is truncated");
  }

  private static ByteBuffer le(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public String toString() {
    return "Header[keys=" + dataKeys.size() + ", editList=" + editList + ", packets="
        + packets.size() + ", length=" + length + "]";
  }
}
