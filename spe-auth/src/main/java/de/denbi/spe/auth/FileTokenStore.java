package de.denbi.spe.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.LocalIOException;
import de.denbi.spe.core.json.SpeJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Refresh tokens in files under the user's configuration directory, one file per issuer, client
 * and account ({@code ~/.config/spe/tokens/<host>-<hash>.json}). Files are written atomically
 * (a temporary file in the same directory, then a rename) with permissions {@code 0600} in a
 * directory with {@code 0700}; a file that group or others may read, or that another user owns,
 * is refused rather than used.
 *
 * @since 0.1.0
 */
public final class FileTokenStore implements TokenStore {
  private static final Set<PosixFilePermission> OWNER_RW =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_RWX =
      PosixFilePermissions.fromString("rwx------");

  private final Path dir;

  private FileTokenStore(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  /**
   * A store in a directory (created when the first token is saved).
   *
   * @param dir the directory
   * @return the store
   */
  public static FileTokenStore in(Path dir) {
    return new FileTokenStore(Objects.requireNonNull(dir, "dir"));
  }

  /**
   * The store in the user's configuration directory: {@code $SPE_CONFIG_HOME/tokens}, else
   * {@code $XDG_CONFIG_HOME/spe/tokens}, else {@code ~/.config/spe/tokens}.
   *
   * @return the store
   */
  public static FileTokenStore defaultStore() {
    return in(defaultDirectory(System.getenv()));
  }

  static Path defaultDirectory(Map<String, String> env) {
    String spe = env.get("SPE_CONFIG_HOME");
    if (spe != null && !spe.isBlank()) {
      return Path.of(spe, "tokens");
    }
    String xdg = env.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "spe", "tokens");
    }
    return Path.of(System.getProperty("user.home"), ".config", "spe", "tokens");
  }

  /**
   * The directory of the files.
   *
   * @return the directory
   */
  public Path directory() {
    return dir;
  }

  /**
   * The file of one key.
   *
   * @param key the key
   * @return the file (which may not exist)
   */
  public Path fileOf(Key key) {
    String host = key.issuer().getHost() == null ? "issuer" : key.issuer().getHost();
    host = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "_");
    String id = key.issuer() + "\n" + key.clientId() + "\n" + key.account();
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      return dir.resolve(host + "-" + HexFormat.of().formatHex(h, 0, 12) + ".json");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  @Override
  public Optional<String> load(Key key) {
    Path f = fileOf(key);
    try {
      if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
        return Optional.empty();
      }
      if (Files.isSymbolicLink(f) || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
        throw new InvalidConfigException(
            "tokenStore", f + " is not a regular file; delete it and log in again");
      }
      checkPrivate(f);
      JsonNode n = SpeJson.mapper().readTree(Files.readString(f, StandardCharsets.UTF_8));
      JsonNode rt = n == null ? null : n.get("refresh_token");
      if (rt == null || !rt.isTextual() || rt.asText().isBlank()
          || !key.issuer().toString().equals(n.path("issuer").asText())
          || !key.clientId().equals(n.path("client_id").asText())
          || !key.account().equals(n.path("account").asText())) {
        throw new InvalidConfigException(
            "tokenStore", f + " is not a token file of this issuer, client and account;"
                + " delete it and log in again");
      }
      return Optional.of(rt.asText());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new InvalidConfigException(
          "tokenStore", f + " is not valid JSON; delete it and log in again");
    } catch (IOException e) {
      throw new LocalIOException("Cannot read the token file " + f, e);
    }
  }

  private static void checkPrivate(Path f) throws IOException {
    PosixFileAttributeView view =
        Files.getFileAttributeView(f, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return; // no POSIX permissions here (Windows): the user profile's ACL protects the file
    }
    var attrs = view.readAttributes();
    Set<PosixFilePermission> perms = attrs.permissions();
    for (PosixFilePermission p : perms) {
      if (!p.name().startsWith("OWNER_")) {
        throw new InvalidConfigException(
            "tokenStore",
            f + " can be accessed by others (" + PosixFilePermissions.toString(perms)
                + "), so the refresh token in it may have leaked; it is not used. Delete it"
                + " (rm " + f + ") and log in again");
      }
    }
    String me = System.getProperty("user.name");
    String owner = attrs.owner().getName();
    if (me != null && !me.equals(owner)) {
      throw new InvalidConfigException(
          "tokenStore", f + " belongs to '" + owner + "', not to '" + me + "'; it is not used");
    }
  }

  @Override
  public void save(Key key, String refreshToken) {
    if (refreshToken == null || refreshToken.isBlank()) {
      throw new IllegalArgumentException("refreshToken must not be blank");
    }
    Path f = fileOf(key);
    ObjectNode n = SpeJson.mapper().createObjectNode();
    n.put("issuer", key.issuer().toString());
    n.put("client_id", key.clientId());
    n.put("account", key.account());
    n.put("refresh_token", refreshToken);
    n.put("saved_at", Instant.now().toString());
    Path tmp = null;
    try {
      boolean posix = createDir();
      FileAttribute<?>[] attrs =
          posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_RW)}
              : new FileAttribute<?>[0];
      tmp = Files.createTempFile(dir, ".token-", ".tmp", attrs);
      Files.writeString(tmp, SpeJson.mapper().writeValueAsString(n), StandardCharsets.UTF_8);
      try {
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
      }
      tmp = null;
    } catch (IOException e) {
      throw new LocalIOException("Cannot write the token file " + f, e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the temporary file is 0600 anyway
        }
      }
    }
  }

  private boolean createDir() throws IOException {
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (!Files.isDirectory(dir)) {
      try {
        if (posix) {
          Files.createDirectories(dir.getParent());
          Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_RWX));
        } else {
          Files.createDirectories(dir);
        }
      } catch (FileAlreadyExistsException e) {
        // created meanwhile
      }
    }
    if (posix) {
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(dir);
      if (p.stream().anyMatch(x -> !x.name().startsWith("OWNER_"))) {
        Files.setPosixFilePermissions(dir, OWNER_RWX);
      }
    }
    return posix;
  }

  @Override
  public void delete(Key key) {
    Path f = fileOf(key);
    try {
      Files.deleteIfExists(f);
    } catch (IOException e) {
      throw new LocalIOException("Cannot delete the token file " + f, e);
    }
  }

  @Override
  public String toString() {
    return "FileTokenStore[" + dir + "]";
  }
}
