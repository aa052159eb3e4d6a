package de.denbi.spe.storage.crypt4gh;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A command line over spe-storage's Crypt4GH classes, shaped like the reference
 * {@code crypt4gh} tool (stdin to stdout, a private key's passphrase in
 * {@code C4GH_PASSPHRASE}), so that {@code src/test/interop/crypt4gh-reference-interop.sh} can
 * run both implementations on the same files. Not part of the SDK; it lives in the test
 * classes.
 *
 * <pre>
 * keygen   --sk FILE --pk FILE [--nocrypt] [-C COMMENT]
 * encrypt  [--sk FILE] --recipient_pk FILE... [--edit-list N,N,...]
 * decrypt  --sk FILE [--offset N [--length N]]
 * reencrypt      --sk FILE --recipient_pk FILE...       (a new header for these readers only)
 * add-recipients --sk FILE --recipient_pk FILE...       (keeps the existing packets)
 * edit-list      --sk FILE --recipient_pk FILE... --edit-list N,N,...
 * pattern  SIZE                                         (the test plaintext: byte i = i mod 251)
 * </pre>
 *
 * <p>Exit codes: 0 success, 1 a Crypt4GH or I/O error, 2 bad usage.
 */
public final class Crypt4ghInteropMain {
  private Crypt4ghInteropMain() {}

  /**
   * Runs one command.
   *
   * @param args the command and its options
   */
  public static void main(String[] args) {
    try {
      run(args);
    } catch (IllegalArgumentException e) {
      System.err.println("usage error: " + e.getMessage());
      System.exit(2);
    } catch (RuntimeException | IOException e) {
      System.err.println(e.getClass().getSimpleName() + ": " + e.getMessage());
      System.exit(1);
    }
  }

  private static void run(String[] args) throws IOException {
    if (args.length == 0) {
      throw new IllegalArgumentException("a command: keygen, encrypt, decrypt, reencrypt,"
          + " add-recipients, edit-list, pattern");
    }
    Options o = new Options(Arrays.copyOfRange(args, 1, args.length));
    InputStream in = System.in;
    try (OutputStream out = new BufferedOutputStream(System.out, 1 << 16)) {
      switch (args[0]) {
        case "keygen" -> {
          Crypt4ghPrivateKey key = Crypt4ghPrivateKey.generate();
          Crypt4ghKeys.writePrivateKey(key, o.nocrypt ? null : passphrase(), o.comment,
              o.required(o.sk, "--sk"));
          Crypt4ghKeys.writePublicKey(key.publicKey(), o.required(o.pk, "--pk"));
        }
        case "encrypt" -> {
          Crypt4ghPrivateKey writer = o.sk == null ? Crypt4ghPrivateKey.generate() : privateKey(o);
          try (InputStream enc = Crypt4gh.encrypt(in, recipients(o), writer, o.editList)) {
            enc.transferTo(out);
          }
        }
        case "decrypt" -> {
          Crypt4ghPrivateKey reader = privateKey(o);
          try (InputStream dec = o.offset < 0 ? Crypt4gh.decrypt(in, reader)
              : Crypt4gh.decryptRange(in, reader, o.offset, o.length)) {
            dec.transferTo(out);
          }
        }
        case "reencrypt" -> Crypt4gh.reencryptHeader(in, out, privateKey(o), recipients(o));
        case "add-recipients" -> Crypt4gh.addRecipients(in, out, privateKey(o), recipients(o));
        case "edit-list" -> Crypt4gh.withEditList(in, out, privateKey(o), recipients(o),
            o.required(o.editList, "--edit-list"));
        case "pattern" -> {
          if (o.positional.size() != 1) {
            throw new IllegalArgumentException("pattern SIZE");
          }
          out.write(pattern(Integer.parseInt(o.positional.get(0))));
        }
        default -> throw new IllegalArgumentException("unknown command " + args[0]);
      }
    }
  }

  /**
   * The test plaintext of the interop script and the committed reference vectors.
   *
   * @param size bytes
   * @return byte i is {@code i mod 251}
   */
  static byte[] pattern(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i % 251);
    }
    return b;
  }

  private static char[] passphrase() {
    String p = System.getenv("C4GH_PASSPHRASE");
    return p == null ? null : p.toCharArray();
  }

  private static Crypt4ghPrivateKey privateKey(Options o) {
    return Crypt4ghKeys.readPrivateKey(o.required(o.sk, "--sk"), passphrase());
  }

  private static List<Crypt4ghPublicKey> recipients(Options o) {
    if (o.recipients.isEmpty()) {
      throw new IllegalArgumentException("at least one --recipient_pk");
    }
    return o.recipients.stream().map(Crypt4ghKeys::readPublicKey).toList();
  }

  /** The options of all commands. */
  private static final class Options {
    Path sk;
    Path pk;
    boolean nocrypt;
    String comment;
    final List<Path> recipients = new ArrayList<>();
    EditList editList;
    long offset = -1;
    long length = -1;
    final List<String> positional = new ArrayList<>();

    Options(String[] args) {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--nocrypt" -> nocrypt = true;
          case "--sk", "--pk", "-C", "--recipient_pk", "--edit-list", "--offset", "--length" -> {
            if (i + 1 == args.length) {
              throw new IllegalArgumentException(a + " needs a value");
            }
            set(a, args[++i]);
          }
          default -> {
            if (a.startsWith("-")) {
              throw new IllegalArgumentException("unknown option " + a);
            }
            positional.add(a);
          }
        }
      }
    }

    private void set(String option, String value) {
      switch (option) {
        case "--sk" -> sk = Path.of(value);
        case "--pk" -> pk = Path.of(value);
        case "-C" -> comment = value;
        case "--recipient_pk" -> recipients.add(Path.of(value));
        case "--edit-list" -> editList = EditList.of(
            Arrays.stream(value.split(",")).mapToLong(Long::parseLong).toArray());
        case "--offset" -> offset = Long.parseLong(value);
        case "--length" -> length = Long.parseLong(value);
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }

    <T> T required(T value, String option) {
      if (value == null) {
        throw new IllegalArgumentException(option + " is required");
      }
      return value;
    }
  }
}
