package de.denbi.spe.auth;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the user has to do to finish a device login: open {@link #verificationUri()} and enter
 * {@link #userCode()}, or open {@link #verificationUriComplete()} which carries the code. The
 * device code itself stays inside the {@link DeviceLogin}.
 *
 * @param userCode the code the user enters, e.g. {@code WDJB-MJHT}
 * @param verificationUri where the user goes
 * @param verificationUriComplete the same with the code filled in, or {@code null}
 * @param expiresAt when the code expires
 * @param interval how long to wait between polls, as the provider asked
 * @since 0.1.0
 */
public record DeviceAuthorization(
    String userCode, URI verificationUri, URI verificationUriComplete, Instant expiresAt,
    Duration interval) {

  /** Checks the fields. */
  public DeviceAuthorization {
    Objects.requireNonNull(userCode, "userCode");
    Objects.requireNonNull(verificationUri, "verificationUri");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(interval, "interval");
  }

  /**
   * The URI to show: the complete one when the provider gave one.
   *
   * @return the URI to open
   */
  public URI uriToOpen() {
    return verificationUriComplete != null ? verificationUriComplete : verificationUri;
  }

  /**
   * The complete verification URI.
   *
   * @return it, if the provider gave one
   */
  public Optional<URI> completeUri() {
    return Optional.ofNullable(verificationUriComplete);
  }

  /**
   * Plain text for a terminal or a log: where to go and which code to enter.
   *
   * @return e.g. {@code To log in, open https://.../device and enter the code WDJB-MJHT ...}
   */
  public String prompt() {
    StringBuilder b = new StringBuilder(200);
    b.append("To log in, open ").append(verificationUri).append(" and enter the code ")
        .append(userCode);
    if (verificationUriComplete != null) {
      b.append("\n(or open ").append(verificationUriComplete).append(" directly)");
    }
    b.append("\nThe code is valid until ").append(expiresAt).append('.');
    return b.toString();
  }

  /**
   * The link as a terminal hyperlink (OSC 8): clickable in terminals that support it, the plain
   * URL in others.
   *
   * @return the escape sequence with the URL as its text
   */
  public String terminalLink() {
    String u = uriToOpen().toString();
    return "\u001b]8;;" + u + "\u001b\\" + u + "\u001b]8;;\u001b\\";
  }

  /**
   * An HTML fragment with a clickable link and the code, for notebooks.
   *
   * @return the HTML, with every value escaped
   */
  public String html() {
    String u = escape(uriToOpen().toString());
    return "<p>To log in, open <a href=\"" + u + "\" target=\"_blank\" rel=\"noopener\">" + u
        + "</a> and enter the code <code>" + escape(userCode) + "</code> (valid until "
        + escape(expiresAt.toString()) + ").</p>";
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("'", "&#39;");
  }
}
