package de.denbi.spe.examples.storage;

import de.denbi.spe.core.SpeException;
import de.denbi.spe.storage.StorageClient;
import de.denbi.spe.storage.TransferOptions;
import de.denbi.spe.storage.TransferResult;
import de.denbi.spe.storage.crypt4gh.Crypt4ghKeys;
import de.denbi.spe.storage.crypt4gh.Crypt4ghPrivateKey;
import de.denbi.spe.storage.crypt4gh.Crypt4ghPublicKey;
import de.denbi.spe.storage.crypt4gh.Crypt4ghStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Uploads a file encrypted with Crypt4GH for the SPE's public key (and the researcher's own keys
 * from the LS Login {@code crypt4ghPublicKeys} claim): the store only ever holds ciphertext.
 * Then, "inside the SPE", the object is decrypted with the SPE's passphrase-protected private
 * key, whole and as a ranged read that fetches only the segments it needs.
 *
 * <pre>
 * spe-examples/run storage-upload-encrypted [FILE [SPE_PUBLIC_KEY_FILE]]
 * </pre>
 *
 * <p>Without arguments it encrypts a generated 1 MiB file for a key pair it makes (written as
 * {@code crypt4gh-keygen} would, passphrase-protected). {@code SPE_CRYPT4GH_CLAIM} may hold the
 * value of the researcher's {@code crypt4ghPublicKeys} claim (a JSON list). The store is the
 * in-JVM s3proxy unless {@code SPE_S3_ENDPOINT} is set.
 */
public final class EncryptedUploadExample {
  private EncryptedUploadExample() {}

  /**
   * Runs the example.
   *
   * @param args optional file and SPE public key file
   * @param out where to print
   * @return the exit code
   */
  public static int run(String[] args, PrintStream out) {
    Path work = null;
    try (StorageTarget target = StorageTarget.open(out);
        StorageClient client = target.clientBuilder().actor("researcher").build()) {
      String bucket = target.inJvm()
          ? "spe-c4gh-example-" + UUID.randomUUID().toString().substring(0, 8)
          : System.getenv().getOrDefault("SPE_S3_BUCKET", "spe-c4gh-example");
      work = Files.createTempDirectory("spe-c4gh-");
      Path file;
      if (args.length > 0) {
        file = Path.of(args[0]);
      } else {
        file = work.resolve("variants.vcf");
        byte[] data = new byte[1024 * 1024 + 17];
        new Random(42).nextBytes(data);
        Files.write(file, data);
      }
      // the SPE's key pair: in a real SPE only its public key is handed out
      char[] passphrase = "spe-demo-passphrase".toCharArray();
      Path speSecret = work.resolve("spe.sec");
      Crypt4ghPublicKey spePublic;
      Crypt4ghPrivateKey speKey = null;
      if (args.length > 1) {
        spePublic = Crypt4ghKeys.readPublicKey(Path.of(args[1]));
      } else {
        speKey = Crypt4ghPrivateKey.generate();
        Crypt4ghKeys.writePrivateKey(speKey, passphrase, "spe@example", speSecret);
        Crypt4ghKeys.writePublicKey(speKey.publicKey(), work.resolve("spe.pub"));
        spePublic = Crypt4ghKeys.readPublicKey(work.resolve("spe.pub"));
        out.println("made the SPE's key pair (" + spePublic + "), private key passphrase-protected");
      }
      List<Crypt4ghPublicKey> recipients = new ArrayList<>(List.of(spePublic));
      String claim = System.getenv("SPE_CRYPT4GH_CLAIM");
      if (claim != null && !claim.isBlank()) {
        List<Crypt4ghPublicKey> own = Crypt4ghKeys.publicKeysFromClaim(claim);
        recipients.addAll(own);
        out.println("also encrypting for your " + own.size() + " key(s) from crypt4ghPublicKeys");
      }

      client.createBucketIfMissing(bucket);
      Crypt4ghStorage c4gh = Crypt4ghStorage.of(client);
      String key = "users/researcher/" + file.getFileName() + ".c4gh";
      TransferResult r = c4gh.upload(file, bucket, key, recipients, TransferOptions.defaults());
      out.println("uploaded " + Files.size(file) + " bytes as " + r.bytes()
          + " encrypted bytes to s3://" + bucket + "/" + key + " for " + recipients.size()
          + " recipient(s)");
      try (InputStream raw = client.openObject(bucket, key, 0, 8, null)) {
        out.println("the store holds: " + new String(raw.readAllBytes(), StandardCharsets.US_ASCII)
            + "... (Crypt4GH, no plaintext)");
      }

      if (speKey == null) {
        out.println("the SPE decrypts it with its private key; done here");
        return 0;
      }
      // inside the SPE: the private key from its passphrase-protected file
      Crypt4ghPrivateKey inside = Crypt4ghKeys.readPrivateKey(speSecret, passphrase);
      Arrays.fill(passphrase, '\0');
      Path back = work.resolve("decrypted.vcf");
      long n = c4gh.download(bucket, key, back, inside);
      boolean same = sha256(back).equals(sha256(file));
      out.println("the SPE decrypted " + n + " bytes, SHA-256 " + (same ? "matches" : "DIFFERS"));
      try (InputStream range = c4gh.openRange(bucket, key, inside, 70_000, 100)) {
        byte[] got = range.readAllBytes();
        byte[] want = Arrays.copyOfRange(Files.readAllBytes(file), 70_000, 70_100);
        boolean rangeOk = Arrays.equals(got, want);
        out.println("ranged read of bytes 70000-70099 (segment 1 only): "
            + (rangeOk ? "matches" : "DIFFERS"));
        return same && rangeOk ? 0 : 1;
      }
    } catch (SpeException e) {
      out.println("failed: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      out.println("failed: " + e);
      return 1;
    } finally {
      ShareDatasetExample.deleteTree(work);
    }
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[65_536];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Entry point.
   *
   * @param args optional file and SPE public key file
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }
}
