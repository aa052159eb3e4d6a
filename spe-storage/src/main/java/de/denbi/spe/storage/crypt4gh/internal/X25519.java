package de.denbi.spe.storage.crypt4gh.internal;

import de.denbi.spe.storage.crypt4gh.Crypt4ghFormatException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/** X25519 on the JDK's provider (RFC 7748 byte order), and the Crypt4GH key derivation. */
public final class X25519 {
  /** The field prime 2^255 - 19. */
  private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));

  private X25519() {}

  /**
   * Generates a new secret key (32 random bytes, clamped when used).
   *
   * @return the secret key bytes
   */
  public static byte[] generateSecret() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("X25519");
      XECPrivateKey k = (XECPrivateKey) g.generateKeyPair().getPrivate();
      return k.getScalar().orElseThrow(() -> new IllegalStateException("no X25519 scalar"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no X25519", e);
    }
  }

  /**
   * Computes the public key of a secret key.
   *
   * @param secret the 32 secret bytes
   * @return the 32 public bytes
   */
  public static byte[] publicKey(byte[] secret) {
    byte[] base = new byte[32];
    base[0] = 9;
    return dh(secret, base);
  }

  /**
   * X25519 Diffie-Hellman.
   *
   * @param secret own secret key
   * @param peerPublic the peer's public key
   * @return the shared secret
   */
  public static byte[] dh(byte[] secret, byte[] peerPublic) {
    try {
      KeyFactory kf = KeyFactory.getInstance("X25519");
      PrivateKey sk = kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, secret));
      PublicKey pk = kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, toU(peerPublic)));
      KeyAgreement ka = KeyAgreement.getInstance("X25519");
      ka.init(sk);
      ka.doPhase(pk, true);
      return ka.generateSecret();
    } catch (GeneralSecurityException e) {
      throw new Crypt4ghFormatException("an X25519 public key is invalid (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The session key of Crypt4GH header packets: the first 32 bytes of
   * BLAKE2b-512(DH || reader's public key || writer's public key).
   *
   * @param dh the shared secret
   * @param readerPublic the reader's public key
   * @param writerPublic the writer's public key
   * @return the 32-byte key
   */
  public static byte[] sessionKey(byte[] dh, byte[] readerPublic, byte[] writerPublic) {
    Blake2bDigest d = new Blake2bDigest(512);
    d.update(dh, 0, dh.length);
    d.update(readerPublic, 0, readerPublic.length);
    d.update(writerPublic, 0, writerPublic.length);
    byte[] out = new byte[64];
    d.doFinal(out, 0);
    byte[] key = Arrays.copyOf(out, 32);
    Arrays.fill(out, (byte) 0);
    return key;
  }

  /**
   * Converts an Ed25519 public key (an OpenSSH {@code ssh-ed25519} key) to its X25519 form:
   * u = (1 + y) / (1 - y) mod p.
   *
   * @param ed25519 the 32-byte Ed25519 public key
   * @return the 32-byte X25519 public key
   */
  public static byte[] fromEd25519(byte[] ed25519) {
    BigInteger y = littleEndian(ed25519, true);
    BigInteger one = BigInteger.ONE;
    BigInteger den = one.subtract(y).mod(P);
    if (den.signum() == 0) {
      throw new Crypt4ghFormatException("the ssh-ed25519 key is not a valid curve point");
    }
    BigInteger u = one.add(y).multiply(den.modInverse(P)).mod(P);
    return toBytes(u);
  }

  private static BigInteger toU(byte[] pub) {
    if (pub.length != 32) {
      throw new Crypt4ghFormatException("an X25519 public key has 32 bytes, not " + pub.length);
    }
    return littleEndian(pub, true);
  }

  private static BigInteger littleEndian(byte[] b, boolean maskTopBit) {
    byte[] be = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      be[i] = b[b.length - 1 - i];
    }
    if (maskTopBit) {
      be[0] &= 0x7f;
    }
    return new BigInteger(1, be);
  }

  /**
   * Encodes a field element as 32 little-endian bytes.
   *
   * @param u the element
   * @return 32 bytes
   */
  public static byte[] toBytes(BigInteger u) {
    byte[] be = u.toByteArray();
    byte[] le = new byte[32];
    for (int i = 0; i < 32 && i < be.length; i++) {
      le[i] = be[be.length - 1 - i];
    }
    return le;
  }

  /**
   * The public bytes of a JDK X25519 public key.
   *
   * @param key the key
   * @return 32 bytes
   */
  public static byte[] toBytes(XECPublicKey key) {
    return toBytes(key.getU());
  }
}
