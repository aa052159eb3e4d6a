package de.denbi.spe.testkit;

import static de.denbi.spe.testkit.internal.Redaction.secret;

import java.net.URI;
import java.util.Objects;

/**
 * The local OpenStack: Keystone with an application credential (how de.NBI users log in), and in
 * full mode the flavor, image and network to create servers with. {@code toString()} redacts the
 * application credential secret and the admin password.
 *
 * @param authUrl Keystone v3 URL ({@code OS_AUTH_URL}, e.g. {@code http://127.0.0.1:15000/v3})
 * @param applicationCredentialId {@code OS_APPLICATION_CREDENTIAL_ID}
 * @param applicationCredentialSecret {@code OS_APPLICATION_CREDENTIAL_SECRET}, secret
 * @param region {@code OS_REGION_NAME}, {@code RegionOne} if unset
 * @param mode the running mode ({@code SPE_OS_MODE})
 * @param flavor flavor name for servers ({@code SPE_OS_FLAVOR}), null in keystone mode
 * @param image image name for servers ({@code SPE_OS_IMAGE}), null in keystone mode
 * @param network network name for servers ({@code SPE_OS_NETWORK}), null in keystone mode
 * @param adminUser admin user for password auth ({@code SPE_OS_ADMIN_USER}), may be null
 * @param adminPassword its password ({@code SPE_OS_ADMIN_PASSWORD}), secret, may be null
 * @param adminProject its project ({@code SPE_OS_ADMIN_PROJECT}), may be null
 * @param domain user and project domain ({@code SPE_OS_DOMAIN}, {@code Default} if unset)
 * @since 0.1.0
 */
public record OpenStackCoordinates(
    URI authUrl,
    String applicationCredentialId,
    String applicationCredentialSecret,
    String region,
    OpenStackMode mode,
    String flavor,
    String image,
    String network,
    String adminUser,
    String adminPassword,
    String adminProject,
    String domain) {

  /** Checks the required components. */
  public OpenStackCoordinates {
    Objects.requireNonNull(authUrl, "authUrl");
    Objects.requireNonNull(applicationCredentialId, "applicationCredentialId");
    Objects.requireNonNull(applicationCredentialSecret, "applicationCredentialSecret");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(mode, "mode");
  }

  /**
   * Reads the coordinates from OpenStack's env file.
   *
   * @param env the env of {@link LocalService#OPENSTACK}
   * @return the coordinates
   * @throws ServiceEnvException if a required variable is missing or {@code SPE_OS_MODE} is
   *     neither {@code keystone} nor {@code full}
   */
  public static OpenStackCoordinates from(ServiceEnv env) {
    String modeValue = env.getOrDefault("SPE_OS_MODE", "keystone");
    OpenStackMode mode = OpenStackMode.parse(modeValue).orElseThrow(() -> new ServiceEnvException(
        "SPE_OS_MODE in " + env.file() + " is neither keystone nor full: '" + modeValue + "'"));
    return new OpenStackCoordinates(
        env.requireUri("OS_AUTH_URL"),
        env.require("OS_APPLICATION_CREDENTIAL_ID"),
        env.require("OS_APPLICATION_CREDENTIAL_SECRET"),
        env.getOrDefault("OS_REGION_NAME", "RegionOne"),
        mode,
        env.get("SPE_OS_FLAVOR").orElse(null),
        env.get("SPE_OS_IMAGE").orElse(null),
        env.get("SPE_OS_NETWORK").orElse(null),
        env.get("SPE_OS_ADMIN_USER").orElse(null),
        env.get("SPE_OS_ADMIN_PASSWORD").orElse(null),
        env.get("SPE_OS_ADMIN_PROJECT").orElse(null),
        env.getOrDefault("SPE_OS_DOMAIN", "Default"));
  }

  @Override
  public String toString() {
    return "OpenStackCoordinates[authUrl=" + authUrl
        + ", applicationCredentialId=" + applicationCredentialId
        + ", applicationCredentialSecret=" + secret(applicationCredentialSecret)
        + ", region=" + region + ", mode=" + mode + ", flavor=" + flavor + ", image=" + image
        + ", network=" + network + ", adminUser=" + adminUser
        + ", adminPassword=" + secret(adminPassword) + ", adminProject=" + adminProject
        + ", domain=" + domain + "]";
  }
}
