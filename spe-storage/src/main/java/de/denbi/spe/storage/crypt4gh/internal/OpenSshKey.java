package de.denbi.spe.storage.crypt4gh.internal;

import de.denbi.spe.storage.crypt4gh.Crypt4ghFormatException;
import de.denbi.spe.storage.crypt4gh.WrongPassphraseException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The X25519 secret of an OpenSSH {@code ssh-ed25519} private key file
 * ({@code openssh-key-v1}, as {@code ssh-keygen -t ed25519} writes it), as the reference
 * Crypt4GH implementation takes it: unprotected, or protected with {@code bcrypt} and an AES
 * cipher in CTR or CBC mode. The Ed25519 seed becomes an X25519 secret as in libsodium's
 * {@code crypto_sign_ed25519_sk_to_curve25519}: the clamped first half of SHA-512(seed).
 */
public final class OpenSshKey {
  private static final byte[] MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);

  private OpenSshKey() {}

  /**
   * Returns the X25519 secret of an OpenSSH Ed25519 private key.
   *
   * @param blob the base64-decoded content between the armor lines
   * @param passphrase UTF-8 bytes of the passphrase (may be empty for an unprotected key)
   * @param source a name for messages
   * @return the 32 X25519 secret bytes
   * @throws WrongPassphraseException if the key is protected and the passphrase does not open it
   * @throws Crypt4ghFormatException if the file is not an Ed25519 key in a supported form
   */
  public static byte[] x25519Secret(byte[] blob, byte[] passphrase, String source) {
    ByteBuffer b = ByteBuffer.wrap(blob);
    if (blob.length < MAGIC.length || !Arrays.equals(blob, 0, MAGIC.length, MAGIC, 0,
        MAGIC.length)) {
      throw new Crypt4ghFormatException(source + " is not an openssh-key-v1 private key");
    }
    b.position(MAGIC.length);
    String cipher = ascii(string(b, source));
    String kdf = ascii(string(b, source));
    ByteBuffer kdfOptions = ByteBuffer.wrap(string(b, source));
    if (b.remaining() < 4 || b.getInt() != 1) {
      throw new Crypt4ghFormatException(source + ": an OpenSSH key file with several keys");
    }
    string(b, source); // the public key, repeated inside the private part
    byte[] priv = string(b, source);
    boolean protectedKey = !cipher.equals("none");
    if (protectedKey) {
      if (!kdf.equals("bcrypt")) {
        throw new Crypt4ghFormatException(source + ": unsupported OpenSSH key KDF " + kdf);
      }
      if (passphrase == null || passphrase.length == 0) {
        throw new WrongPassphraseException(source + " (protected, but no passphrase given)");
      }
      byte[] salt = string(kdfOptions, source);
      if (kdfOptions.remaining() < 4) {
        throw new Crypt4ghFormatException(source + ": malformed bcrypt options");
      }
      int rounds = kdfOptions.getInt();
      priv = decrypt(cipher, passphrase, salt, rounds, priv, source);
    } else if (!kdf.equals("none")) {
      throw new Crypt4ghFormatException(source + ": KDF " + kdf + " without a cipher");
    }
    try {
      ByteBuffer p = ByteBuffer.wrap(priv);
      if (p.remaining() < 8 || p.getInt() != p.getInt()) {
        if (protectedKey) {
          throw new WrongPassphraseException(source);
        }
        throw new Crypt4ghFormatException(source + ": the OpenSSH key's check numbers differ");
      }
      String type = ascii(string(p, source));
      if (!type.equals("ssh-ed25519")) {
        throw new Crypt4ghFormatException(source + " is an OpenSSH " + type + " key; Crypt4GH"
            + " takes only ssh-ed25519 keys");
      }
      byte[] publicKey = string(p, source);
      byte[] secret = string(p, source); // seed || public key
      if (publicKey.length != 32 || secret.length != 64
          || !Arrays.equals(secret, 32, 64, publicKey, 0, 32)) {
        throw new Crypt4ghFormatException(source + ": a malformed ssh-ed25519 private key");
      }
      byte[] h = MessageDigest.getInstance("SHA-512").digest(Arrays.copyOf(secret, 32));
      Arrays.fill(secret, (byte) 0);
      byte[] x = Arrays.copyOf(h, 32);
      Arrays.fill(h, (byte) 0);
      x[0] &= (byte) 248;
      x[31] &= 127;
      x[31] |= 64;
      return x;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no SHA-512", e);
    } finally {
      Arrays.fill(priv, (byte) 0);
    }
  }

  private static byte[] decrypt(String cipher, byte[] passphrase, byte[] salt, int rounds,
      byte[] data, String source) {
    int keyLength;
    String mode;
    switch (cipher) {
      case "aes128-ctr", "aes192-ctr", "aes256-ctr", "aes128-cbc", "aes192-cbc", "aes256-cbc" -> {
        keyLength = Integer.parseInt(cipher.substring(3, 6)) / 8;
        mode = cipher.endsWith("-ctr") ? "AES/CTR/NoPadding" : "AES/CBC/NoPadding";
      }
      default -> throw new Crypt4ghFormatException(source + ": unsupported OpenSSH key cipher "
          + cipher + " (the reference implementation reads aes*-ctr and aes*-cbc)");
    }
    if (rounds < 1 || data.length % 16 != 0) {
      throw new Crypt4ghFormatException(source + ": malformed encrypted OpenSSH key");
    }
    byte[] keyIv = BcryptPbkdf.derive(passphrase, salt, rounds, keyLength + 16);
    try {
      Cipher c = Cipher.getInstance(mode);
      c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keyIv, 0, keyLength, "AES"),
          new IvParameterSpec(keyIv, keyLength, 16));
      return c.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new Crypt4ghFormatException(source + ": decrypting the OpenSSH key failed", e);
    } finally {
      Arrays.fill(keyIv, (byte) 0);
    }
  }

  private static byte[] string(ByteBuffer b, String source) {
    if (b.remaining() < 4) {
      throw new Crypt4ghFormatException(source + ": a truncated OpenSSH key");
    }
    int n = b.getInt();
    if (n < 0 || b.remaining() < n) {
      throw new Crypt4ghFormatException(source + ": a truncated OpenSSH key");
    }
    byte[] s = new byte[n];
    b.get(s);
    return s;
  }

  private static String ascii(byte[] b) {
    return new String(b, StandardCharsets.US_ASCII);
  }
}
