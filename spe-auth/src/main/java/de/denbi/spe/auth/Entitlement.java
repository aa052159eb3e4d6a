package de.denbi.spe.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A group membership or role from an {@code eduperson_entitlement} value in the AARC-G069
 * syntax: {@code <namespace>:group:<group>[:<subgroup>...][:role=<role>]#<authority>}, e.g.
 * {@code urn:geant:lifescience-ri.eu:group:spe-project-1:role=owner#aai.lifescience-ri.eu}.
 *
 * <p>{@link #parse(String)} accepts values that are URL-encoded as a whole (as some providers
 * send them) or per component, and decodes each component.
 *
 * @param namespace e.g. {@code urn:geant:lifescience-ri.eu}
 * @param groupPath the group and its subgroups, decoded, e.g. {@code [spe-project-1]}
 * @param role the role in that group, or {@code null} for plain membership
 * @param authority the group authority after {@code #}, e.g. {@code aai.lifescience-ri.eu}, or
 *     {@code null} when absent
 * @since 0.1.0
 */
public record Entitlement(String namespace, List<String> groupPath, String role, String authority) {

  /** Checks the components. */
  public Entitlement {
    Objects.requireNonNull(namespace, "namespace");
    groupPath = List.copyOf(groupPath);
    if (groupPath.isEmpty()) {
      throw new IllegalArgumentException("an entitlement names at least one group");
    }
  }

  /**
   * Parses an entitlement.
   *
   * @param value the value as the provider sent it
   * @return the entitlement
   * @throws InvalidEntitlementException if it is not an AARC-G069 group entitlement or its
   *     encoding is broken
   */
  public static Entitlement parse(String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidEntitlementException(value, "it is empty");
    }
    String s = value.strip();
    if (!s.contains(":") && s.toLowerCase(Locale.ROOT).contains("%3a")) {
      s = decode(value, s); // URL-encoded as a whole
    }
    String authority = null;
    int hash = s.indexOf('#');
    if (hash >= 0) {
      authority = decode(value, s.substring(hash + 1));
      s = s.substring(0, hash);
      if (authority.isEmpty()) {
        throw new InvalidEntitlementException(value, "the authority after '#' is empty");
      }
    }
    int g = s.indexOf(":group:");
    if (g <= 0) {
      throw new InvalidEntitlementException(value, "it has no ':group:' part (not a group entitlement)");
    }
    String namespace = decode(value, s.substring(0, g));
    String rest = s.substring(g + ":group:".length());
    List<String> path = new ArrayList<>();
    String role = null;
    String[] parts = rest.split(":", -1);
    for (int i = 0; i < parts.length; i++) {
      String p = decode(value, parts[i]);
      if (p.startsWith("role=")) {
        if (i != parts.length - 1) {
          throw new InvalidEntitlementException(value, "'role=' must be the last component");
        }
        role = p.substring("role=".length());
        if (role.isEmpty()) {
          throw new InvalidEntitlementException(value, "the role is empty");
        }
      } else if (p.isEmpty()) {
        throw new InvalidEntitlementException(value, "it has an empty group component");
      } else {
        path.add(p);
      }
    }
    if (path.isEmpty()) {
      throw new InvalidEntitlementException(value, "it names no group");
    }
    return new Entitlement(namespace, path, role, authority);
  }

  /**
   * Parses an entitlement, or returns empty for values that are not group entitlements.
   *
   * @param value the value
   * @return the entitlement, if the value is one
   */
  public static Optional<Entitlement> tryParse(String value) {
    try {
      return Optional.of(parse(value));
    } catch (InvalidEntitlementException e) {
      return Optional.empty();
    }
  }

  /**
   * The group with its subgroups, joined by {@code :}.
   *
   * @return e.g. {@code spe-project-1} or {@code spe-project-1:analysts}
   */
  public String group() {
    return String.join(":", groupPath);
  }

  /**
   * The role, if this is a role entitlement.
   *
   * @return the role
   */
  public Optional<String> roleName() {
    return Optional.ofNullable(role);
  }

  /**
   * The entitlement in canonical (decoded) form.
   *
   * @return e.g. {@code urn:geant:lifescience-ri.eu:group:spe-project-1:role=owner#aai.lifescience-ri.eu}
   */
  @Override
  public String toString() {
    return namespace + ":group:" + group() + (role == null ? "" : ":role=" + role)
        + (authority == null ? "" : "#" + authority);
  }

  private static String decode(String original, String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          throw new InvalidEntitlementException(original, "a '%' escape is cut off");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new InvalidEntitlementException(
              original, "'%" + s.charAt(i + 1) + s.charAt(i + 2) + "' is not a valid escape");
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    byte[] bytes = out.toByteArray();
    java.nio.charset.CharsetDecoder dec =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    try {
      String decoded = dec.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
      if (decoded.chars().anyMatch(Character::isISOControl)) {
        throw new InvalidEntitlementException(original, "it decodes to control characters");
      }
      return decoded;
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new InvalidEntitlementException(original, "its escapes are not valid UTF-8");
    }
  }
}
