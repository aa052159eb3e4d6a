package de.denbi.spe.tes;

/**
 * The TES specification version a server speaks, as detected from its service-info.
 *
 * @since 0.1.0
 */
public enum TesApiVersion {
  /** TES 1.0: no state or tag filters, no backend parameters, no {@code ignore_error}. */
  V1_0,
  /** TES 1.1. */
  V1_1,
  /**
   * Not known: the service-info had no {@code type.version} (older TESK and Funnel). The client
   * sends 1.1 features and filters listings on its own side as well.
   */
  UNKNOWN;

  /**
   * Reads a version string such as {@code 1.1.0}.
   *
   * @param version the {@code type.version} of a service-info, may be null
   * @return the version, {@link #UNKNOWN} if null or unrecognised
   */
  public static TesApiVersion parse(String version) {
    if (version == null) {
      return UNKNOWN;
    }
    String v = version.strip();
    if (v.startsWith("v") || v.startsWith("V")) {
      v = v.substring(1);
    }
    if (v.equals("1") || v.equals("1.0") || v.startsWith("1.0.") || v.startsWith("1.0-")) {
      return V1_0;
    }
    if (v.equals("1.1") || v.startsWith("1.1.") || v.startsWith("1.1-")) {
      return V1_1;
    }
    return UNKNOWN;
  }
}
