package de.denbi.spe.auth.internal;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import de.denbi.spe.auth.InvalidTokenException;
import de.denbi.spe.core.http.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The public keys of one JWKS URL, cached for a time to live. A key id that is not in the cache
 * triggers a refetch (key rotation), but at most once per {@code minRefetchInterval}, so a flood
 * of tokens with made-up key ids cannot make us hammer the provider. One fetch at a time; an
 * old key set stays in use when a refetch fails. Symmetric ({@code oct}) keys are dropped: a key
 * from a public JWKS is never used as an HMAC secret.
 */
public final class JwksCache {
  /**
   * A key of the set with its Java public key, converted once when the set is fetched.
   *
   * @param jwk the key as published
   * @param publicKey the Java key to verify with
   */
  public record Candidate(JWK jwk, PublicKey publicKey) {}

  private record Snapshot(List<Candidate> keys, Instant fetchedAt) {}

  private final URI uri;
  private final OkHttpClient http;
  private final Duration ttl;
  private final Duration minRefetchInterval;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicInteger fetches = new AtomicInteger();
  private volatile Snapshot snapshot;
  private volatile Instant lastAttempt = Instant.MIN;

  /**
   * Creates the cache; nothing is fetched yet.
   *
   * @param uri the JWKS URL
   * @param http the HTTP client
   * @param ttl how long a fetched key set is used before it is fetched again
   * @param minRefetchInterval the least time between two fetches for unknown key ids
   * @param clock the clock
   */
  public JwksCache(
      URI uri, OkHttpClient http, Duration ttl, Duration minRefetchInterval, Clock clock) {
    this.uri = uri;
    this.http = http;
    this.ttl = ttl;
    this.minRefetchInterval = minRefetchInterval;
    this.clock = clock;
  }

  /**
   * A cache over a fixed key set that never fetches.
   *
   * @param keys the keys
   * @param clock the clock
   * @return the cache
   */
  public static JwksCache fixed(JWKSet keys, Clock clock) {
    JwksCache c = new JwksCache(null, null, Duration.ofDays(36500), Duration.ofDays(36500), clock);
    c.snapshot = new Snapshot(publicKeys(keys), Instant.MAX);
    return c;
  }

  /**
   * The JWKS URL.
   *
   * @return the URL, {@code null} for a fixed key set
   */
  public URI uri() {
    return uri;
  }

  /**
   * How often keys were fetched (for tests and benchmarks).
   *
   * @return the number of fetches
   */
  public int fetchCount() {
    return fetches.get();
  }

  /**
   * The keys that may verify a JWS with this header: matching key id (if the header has one),
   * key type fitting the algorithm, a signing key, and its {@code alg} (if set) equal.
   *
   * @param header the JWS header
   * @return the candidate keys, empty if there is none even after a refetch
   */
  public List<Candidate> keysFor(JWSHeader header) {
    Snapshot s = snapshot;
    Instant now = clock.instant();
    if (uri != null && (s == null || now.isAfter(s.fetchedAt().plus(ttl)))) {
      s = refresh(s, true);
    }
    List<Candidate> found = select(s, header);
    if (found.isEmpty() && uri != null && !now.isBefore(lastAttempt.plus(minRefetchInterval))) {
      s = refresh(s, false);
      found = select(s, header);
    }
    return found;
  }

  private Snapshot refresh(Snapshot seen, boolean expired) {
    lock.lock();
    try {
      Snapshot current = snapshot;
      if (current != seen) {
        return current; // another thread fetched meanwhile
      }
      Instant now = clock.instant();
      if (!expired && now.isBefore(lastAttempt.plus(minRefetchInterval))) {
        return current;
      }
      lastAttempt = now;
      try {
        Snapshot fresh = new Snapshot(fetch(), now);
        snapshot = fresh;
        return fresh;
      } catch (InvalidTokenException e) {
        if (current != null) {
          return current; // keep validating with the keys we have
        }
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  private List<Candidate> fetch() {
    fetches.incrementAndGet();
    Request req = new Request.Builder().url(uri.toString()).get().build();
    try (Response resp = http.newCall(req).execute()) {
      if (resp.code() != 200) {
        throw new InvalidTokenException(
            InvalidTokenException.Reason.KEYS_UNAVAILABLE,
            "The signing keys at " + Redaction.url(uri.toString()) + " answered HTTP "
                + resp.code() + "; check the issuer's jwks_uri.");
      }
      String body;
      try (InputStream in = resp.body().byteStream()) {
        byte[] bytes = in.readNBytes(OkHttpSender.MAX_BODY_BYTES + 1);
        if (bytes.length > OkHttpSender.MAX_BODY_BYTES) {
          throw new InvalidTokenException(
              InvalidTokenException.Reason.KEYS_UNAVAILABLE,
              "The JWKS at " + Redaction.url(uri.toString()) + " is larger than 1 MiB.");
        }
        body = new String(bytes, StandardCharsets.UTF_8);
      }
      return publicKeys(JWKSet.parse(body));
    } catch (IOException e) {
      throw new InvalidTokenException(
          InvalidTokenException.Reason.KEYS_UNAVAILABLE,
          "Cannot fetch the signing keys from " + Redaction.url(uri.toString()) + ": " + e,
          e);
    } catch (ParseException e) {
      throw new InvalidTokenException(
          InvalidTokenException.Reason.KEYS_UNAVAILABLE,
          "The JWKS at " + Redaction.url(uri.toString()) + " is not a valid JWK set: "
              + Redaction.text(e.getMessage()));
    }
  }

  private static List<Candidate> publicKeys(JWKSet set) {
    List<Candidate> keys = new ArrayList<>();
    for (JWK k : set.getKeys()) {
      if (KeyType.OCT.equals(k.getKeyType())) {
        continue;
      }
      JWK pub = k.toPublicJWK();
      if (pub instanceof AsymmetricJWK a) {
        try {
          keys.add(new Candidate(pub, a.toPublicKey()));
        } catch (JOSEException e) {
          // a key this JDK cannot use (an unknown curve): it can verify nothing, skip it
        }
      }
    }
    return List.copyOf(keys);
  }

  private static List<Candidate> select(Snapshot s, JWSHeader header) {
    if (s == null) {
      return List.of();
    }
    JWSAlgorithm alg = header.getAlgorithm();
    KeyType want = KeyType.forAlgorithm(alg);
    String kid = header.getKeyID();
    List<Candidate> out = new ArrayList<>(1);
    for (Candidate c : s.keys()) {
      JWK k = c.jwk();
      if (kid != null && !kid.equals(k.getKeyID())) {
        continue;
      }
      if (want == null || !want.equals(k.getKeyType())) {
        continue;
      }
      if (k.getKeyUse() != null && !KeyUse.SIGNATURE.equals(k.getKeyUse())) {
        continue;
      }
      if (k.getAlgorithm() != null && !k.getAlgorithm().equals(alg)) {
        continue;
      }
      out.add(c);
    }
    return out;
  }
}
