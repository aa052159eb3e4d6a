package de.denbi.spe.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The SDK's version, from a resource filtered at build time. */
public final class SdkVersion {
  private static final String VERSION = load();

  private SdkVersion() {}

  /**
   * The version of spe-core.
   *
   * @return e.g. {@code 0.1.0-SNAPSHOT}, or {@code dev} when the resource is missing
   */
  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = SdkVersion.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "dev");
      return v.startsWith("${") ? "dev" : v;
    } catch (IOException e) {
      return "dev";
    }
  }
}
