package de.denbi.spe.auth.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import de.denbi.spe.auth.InvalidTokenException;
import de.denbi.spe.auth.InvalidTokenException.Reason;
import de.denbi.spe.core.http.Redaction;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * The checks every signed JWT the SDK accepts goes through, shared by the access-token
 * validator and the GA4GH visa validator: parsing with an algorithm allow-list (never
 * {@code none}, never an encrypted JWT), the signature against the issuer's candidate keys, and
 * {@code exp}/{@code nbf} with a clock skew. {@code what} names the token in messages
 * ("JWT", "visa of https://issuer").
 */
public final class JwtChecks {
  private static final DefaultJWSVerifierFactory VERIFIERS = new DefaultJWSVerifierFactory();

  private JwtChecks() {}

  /**
   * Parses a compact JWT and checks its algorithm against the allow-list (no key is touched).
   *
   * @param token the token
   * @param what what it is, for messages
   * @param allowed the accepted algorithms
   * @return the signed JWT
   * @throws InvalidTokenException if it is empty, not a JWT, unsigned, encrypted or signed with
   *     an algorithm that is not allowed
   */
  public static SignedJWT parseSigned(String token, String what, Set<JWSAlgorithm> allowed) {
    if (token == null || token.isBlank()) {
      throw new InvalidTokenException(Reason.MALFORMED, "The " + what + " is empty.");
    }
    JWT jwt;
    try {
      jwt = JWTParser.parse(token.strip());
    } catch (ParseException e) {
      throw new InvalidTokenException(
          Reason.MALFORMED, "The " + what + " is not a JWT: " + safe(e));
    }
    if (jwt instanceof PlainJWT) {
      throw new InvalidTokenException(
          Reason.ALGORITHM_NOT_ALLOWED,
          "The " + what + " is unsigned (alg 'none'); it is never accepted.");
    }
    if (jwt instanceof EncryptedJWT) {
      throw new InvalidTokenException(
          Reason.MALFORMED,
          "The " + what + " is an encrypted JWT (JWE); only signed JWTs are accepted.");
    }
    SignedJWT signed = (SignedJWT) jwt;
    JWSAlgorithm alg = signed.getHeader().getAlgorithm();
    if (!allowed.contains(alg)) {
      throw new InvalidTokenException(
          Reason.ALGORITHM_NOT_ALLOWED,
          "The " + what + " is signed with " + alg + ", which is not on the allow-list " + allowed
              + (JWSAlgorithm.Family.HMAC_SHA.contains(alg)
                  ? " (an HMAC 'signature' could be forged by anyone who knows the public key)"
                  : "")
              + ".");
    }
    return signed;
  }

  /**
   * Checks the signature against the keys that match the header.
   *
   * @param jwt the token
   * @param candidates the issuer's keys for its header's algorithm and key id
   * @param what what it is, for messages
   * @param keySource where the keys came from, for messages
   * @throws InvalidTokenException if no key matches or none verifies
   */
  public static void verifySignature(
      SignedJWT jwt, List<JwksCache.Candidate> candidates, String what, String keySource) {
    JWSHeader header = jwt.getHeader();
    String kid = Redaction.text(String.valueOf(header.getKeyID()));
    if (candidates.isEmpty()) {
      throw new InvalidTokenException(
          Reason.UNKNOWN_KEY,
          "No " + header.getAlgorithm() + " signing key with kid '" + kid + "' at " + keySource
              + ".");
    }
    for (JwksCache.Candidate c : candidates) {
      try {
        if (jwt.verify(VERIFIERS.createJWSVerifier(header, c.publicKey()))) {
          return;
        }
      } catch (JOSEException e) {
        throw new InvalidTokenException(
            Reason.BAD_SIGNATURE, "The " + what + "'s signature cannot be checked: " + safe(e));
      }
    }
    throw new InvalidTokenException(
        Reason.BAD_SIGNATURE,
        "The " + what + "'s signature does not verify with the issuer's key '" + kid
            + "': it was altered or forged.");
  }

  /**
   * Checks {@code exp} (required) and {@code nbf} (optional) with a clock skew.
   *
   * @param claims the claims
   * @param now the current time
   * @param skew how far clocks may differ
   * @param what what it is, for messages
   * @return the expiry
   * @throws InvalidTokenException if {@code exp} is missing, passed, or {@code nbf} is ahead
   */
  public static Instant checkLifetime(
      JWTClaimsSet claims, Instant now, Duration skew, String what) {
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw new InvalidTokenException(Reason.MISSING_CLAIM, "The " + what + " has no 'exp' claim.");
    }
    if (now.minus(skew).isAfter(exp.toInstant())) {
      throw new InvalidTokenException(
          Reason.EXPIRED, "The " + what + " expired at " + exp.toInstant() + " (now " + now + ").");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
      throw new InvalidTokenException(
          Reason.NOT_YET_VALID,
          "The " + what + " is not valid before " + nbf.toInstant() + " (now " + now
              + "); check this machine's clock.");
    }
    return exp.toInstant();
  }

  /**
   * An exception's message, redacted (a parser may quote what it read).
   *
   * @param e the exception
   * @return the message
   */
  public static String safe(Exception e) {
    return Redaction.text(String.valueOf(e.getMessage()));
  }
}
