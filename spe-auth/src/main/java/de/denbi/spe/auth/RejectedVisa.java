package de.denbi.spe.auth;

/**
 * A visa of a passport that was not accepted, and why. It does not hold the visa itself.
 *
 * @param index its position in the passport
 * @param issuer its claimed issuer, or {@code null} if unreadable
 * @param reason why it was rejected
 * @param message the details
 * @since 0.1.0
 */
public record RejectedVisa(int index, String issuer, InvalidTokenException.Reason reason, String message) {}
