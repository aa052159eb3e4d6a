package de.denbi.spe.wes;

/**
 * The WES API version a server speaks.
 *
 * @since 0.1.0
 */
public enum WesApiVersion {
  /** WES 1.0.0 (Swagger 2.0): no task endpoints, engine versions as strings. */
  V1_0,
  /** WES 1.1.0 (OpenAPI 3): task endpoints, {@code workflow_engine} fields, PREEMPTED. */
  V1_1;

  /**
   * The version for a version string such as {@code 1.0.0} or {@code 1.1}.
   *
   * @param version the string
   * @return the version, or {@code null} when the string names neither
   */
  public static WesApiVersion parse(String version) {
    if (version == null) {
      return null;
    }
    String v = version.strip().toLowerCase(java.util.Locale.ROOT);
    if (v.startsWith("v")) {
      v = v.substring(1);
    }
    if (v.equals("1.1") || v.startsWith("1.1.")) {
      return V1_1;
    }
    if (v.equals("1.0") || v.startsWith("1.0.") || v.equals("1")) {
      return V1_0;
    }
    return null;
  }
}
