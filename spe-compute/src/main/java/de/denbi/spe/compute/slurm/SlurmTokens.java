package de.denbi.spe.compute.slurm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import de.denbi.spe.compute.CommandResult;
import de.denbi.spe.compute.RemoteCommandException;
import de.denbi.spe.compute.SshConnection;
import de.denbi.spe.core.InvalidConfigException;
import de.denbi.spe.core.LocalIOException;
import de.denbi.spe.core.auth.AccessToken;
import de.denbi.spe.core.auth.AccessTokenSource;
import de.denbi.spe.core.json.SpeJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Where {@link SlurmRestClient} gets the JWT it sends as {@code X-SLURM-USER-TOKEN}: a fixed
 * token, one minted from the site's HS256 key (what {@code scontrol token} does on the
 * controller), or one fetched with {@code scontrol token} over SSH. The minted and fetched ones
 * are renewed before they expire. Token values never appear in {@code toString()} or messages.
 *
 * @since 0.1.0
 */
public final class SlurmTokens {
  private SlurmTokens() {}

  /**
   * A fixed token (e.g. {@code SLURM_JWT} from the environment).
   *
   * @param jwt the token
   * @return the source
   */
  public static AccessTokenSource fixed(String jwt) {
    if (jwt == null || jwt.isBlank()) {
      throw new InvalidConfigException("jwt", "must not be blank");
    }
    return AccessTokenSource.of(jwt);
  }

  /**
   * Tokens minted from SLURM's {@code jwt_hs256.key} (site administrators; whoever holds the key
   * can act as any user).
   *
   * @param user the user the token is for ({@code sun} claim)
   * @param keyFile the key file ({@code AuthAltParameters=jwt_key=...})
   * @param lifetime how long each token is valid
   * @return the source
   */
  public static AccessTokenSource hs256(String user, Path keyFile, Duration lifetime) {
    Objects.requireNonNull(user, "user");
    byte[] key;
    try {
      key = Files.readAllBytes(keyFile);
    } catch (IOException e) {
      throw new LocalIOException("Cannot read the SLURM JWT key " + keyFile, e);
    }
    if (key.length < 32) {
      throw new InvalidConfigException("keyFile", "the JWT key is shorter than 32 bytes");
    }
    return renewing(lifetime, "hs256(" + user + ")", () -> mint(user, key, lifetime, Clock.systemUTC()));
  }

  /**
   * Tokens from {@code scontrol token lifespan=...} run over SSH as the connection's user.
   *
   * @param ssh the connection to the login node
   * @param lifetime how long each token is valid
   * @return the source
   */
  public static AccessTokenSource scontrol(SshConnection ssh, Duration lifetime) {
    Objects.requireNonNull(ssh, "ssh");
    long secs = lifetime.toSeconds();
    return renewing(lifetime, "scontrol token via " + ssh.host(), () -> {
      CommandResult r = ssh.exec("scontrol token lifespan=" + secs);
      if (!r.ok()) {
        throw new RemoteCommandException(ssh.host(), "scontrol token", r.exitStatus(), r.stderr(),
            "the cluster must have AuthAltTypes=auth/jwt");
      }
      for (String line : r.stdout().split("\n")) {
        if (line.startsWith("SLURM_JWT=")) {
          return new AccessToken(line.substring(10).strip(), Instant.now().plusSeconds(secs));
        }
      }
      throw new RemoteCommandException(ssh.host(), "scontrol token", r.exitStatus(),
          r.stderr(), "no SLURM_JWT= line in its output");
    });
  }

  /**
   * Mints one HS256 token.
   *
   * @param user the user
   * @param key the key
   * @param lifetime the lifetime
   * @param clock the clock
   * @return the token
   */
  static AccessToken mint(String user, byte[] key, Duration lifetime, Clock clock) {
    Instant now = clock.instant();
    Instant exp = now.plus(lifetime);
    ObjectNode header = SpeJson.mapper().createObjectNode().put("alg", "HS256").put("typ", "JWT");
    ObjectNode claims = SpeJson.mapper().createObjectNode()
        .put("exp", exp.getEpochSecond()).put("iat", now.getEpochSecond()).put("sun", user);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signingInput = b64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8))
        + "." + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      String sig = b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
      return new AccessToken(signingInput + "." + sig, exp);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static AccessTokenSource renewing(Duration lifetime, String name, Supplier<AccessToken> fetch) {
    if (lifetime == null || lifetime.toSeconds() < 60) {
      throw new InvalidConfigException("lifetime", "must be at least 60 s, was " + lifetime);
    }
    Duration margin = lifetime.dividedBy(5);
    return new AccessTokenSource() {
      private AccessToken current;

      @Override
      public synchronized AccessToken token() {
        if (current == null || current.expiresWithin(Clock.systemUTC(), margin)) {
          current = fetch.get();
        }
        return current;
      }

      @Override
      public synchronized void invalidate(AccessToken rejected) {
        if (rejected.equals(current)) {
          current = null;
        }
      }

      @Override
      public String toString() {
        return "SlurmTokens." + name;
      }
    };
  }
}
