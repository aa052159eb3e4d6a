package de.denbi.spe.core.http;

/**
 * How much the HTTP layer logs, through {@link System.Logger} {@code de.denbi.spe.http}. Every
 * level redacts secrets: authorization and token headers, cookies, secret query parameters and
 * body fields (see {@link Redaction}).
 *
 * @since 0.1.0
 */
public enum HttpLogLevel {
  /** Nothing. */
  NONE,
  /** Method, redacted URL, status, duration. */
  BASIC,
  /** As BASIC, plus request and response headers (redacted). */
  HEADERS,
  /** As HEADERS, plus JSON/text bodies up to 8 KiB (redacted). */
  BODY
}
