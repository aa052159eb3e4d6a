package de.denbi.spe.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who a user (or service) is, from the claims of a validated token or from userinfo. Key users
 * by {@link #subject()}; {@link #preferredUsername()} is for display only (it can change and
 * can be reused).
 *
 * @param subject the {@code sub} claim: the stable key of the account
 * @param name the {@code name} claim, or {@code null}
 * @param email the {@code email} claim, or {@code null}
 * @param preferredUsername the {@code preferred_username} claim (display only), or {@code null}
 * @param entitlements the group entitlements parsed from {@code eduperson_entitlement}
 * @param rawEntitlements every {@code eduperson_entitlement} value as sent (including those that
 *     are not group entitlements, such as resource capabilities)
 * @param crypt4ghPublicKeys the user's Crypt4GH public keys ({@code crypt4ghPublicKeys} or
 *     {@code crypt4gh_public_keys} claim)
 * @param minioPolicies MinIO policy names ({@code minio_policies} claim)
 * @param sshPublicKeys SSH public keys ({@code ssh_public_key} claim)
 * @since 0.1.0
 */
public record SpeIdentity(
    String subject,
    String name,
    String email,
    String preferredUsername,
    List<Entitlement> entitlements,
    List<String> rawEntitlements,
    List<String> crypt4ghPublicKeys,
    List<String> minioPolicies,
    List<String> sshPublicKeys) {

  /** Checks the subject and copies the lists. */
  public SpeIdentity {
    if (subject == null || subject.isBlank()) {
      throw new InvalidTokenException(
          InvalidTokenException.Reason.MISSING_CLAIM, "The identity has no 'sub' claim.");
    }
    entitlements = List.copyOf(entitlements);
    rawEntitlements = List.copyOf(rawEntitlements);
    crypt4ghPublicKeys = List.copyOf(crypt4ghPublicKeys);
    minioPolicies = List.copyOf(minioPolicies);
    sshPublicKeys = List.copyOf(sshPublicKeys);
  }

  /**
   * Reads an identity from claims (a validated JWT's, an introspection reply's, or userinfo).
   * Entitlements that are not AARC-G069 group entitlements are kept in {@link
   * #rawEntitlements()} only.
   *
   * @param claims the claims
   * @return the identity
   * @throws InvalidTokenException if there is no {@code sub}
   */
  public static SpeIdentity fromClaims(Map<String, ?> claims) {
    Objects.requireNonNull(claims, "claims");
    Object sub = claims.get("sub");
    List<String> raw = strings(claims.get("eduperson_entitlement"));
    List<Entitlement> parsed = new ArrayList<>();
    for (String r : raw) {
      Entitlement.tryParse(r).ifPresent(parsed::add);
    }
    List<String> c4gh = new ArrayList<>(strings(claims.get("crypt4ghPublicKeys")));
    c4gh.addAll(strings(claims.get("crypt4gh_public_keys")));
    return new SpeIdentity(
        sub instanceof String s ? s : null,
        string(claims.get("name")),
        string(claims.get("email")),
        string(claims.get("preferred_username")),
        parsed,
        raw,
        c4gh,
        strings(claims.get("minio_policies")),
        strings(claims.get("ssh_public_key")));
  }

  /**
   * Whether the user is a member of a group (with or without a role in it).
   *
   * @param group the group, subgroups joined with {@code :}, e.g. {@code spe-project-1}
   * @return true if an entitlement names that group
   */
  public boolean memberOf(String group) {
    Objects.requireNonNull(group, "group");
    return entitlements.stream().anyMatch(e -> e.group().equals(group));
  }

  /**
   * Whether the user has a role in a group.
   *
   * @param group the group, e.g. {@code spe-project-1}
   * @param role the role, e.g. {@code owner}
   * @return true if an entitlement names that group with that role
   */
  public boolean hasRole(String group, String role) {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(role, "role");
    return entitlements.stream()
        .anyMatch(e -> e.group().equals(group) && role.equals(e.role()));
  }

  /**
   * The groups the user belongs to.
   *
   * @return the distinct groups, in the order of the entitlements
   */
  public List<String> groups() {
    return entitlements.stream().map(Entitlement::group).distinct().toList();
  }

  /**
   * The display name: name, else preferred username, else the subject.
   *
   * @return a name to show
   */
  public String displayName() {
    return Optional.ofNullable(name).or(() -> Optional.ofNullable(preferredUsername)).orElse(subject);
  }

  private static String string(Object o) {
    return o instanceof String s && !s.isBlank() ? s : null;
  }

  private static List<String> strings(Object o) {
    if (o instanceof String s) {
      return s.isBlank() ? List.of() : List.of(s);
    }
    if (o instanceof Collection<?> c) {
      List<String> out = new ArrayList<>(c.size());
      for (Object x : c) {
        if (x instanceof String s && !s.isBlank()) {
          out.add(s);
        }
      }
      return out;
    }
    return List.of();
  }
}
