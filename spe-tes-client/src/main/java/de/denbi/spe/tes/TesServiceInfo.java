package de.denbi.spe.tes;

import com.fasterxml.jackson.annotation.JsonProperty;
import de.denbi.spe.tes.internal.Copies;
import java.util.List;

/**
 * What a TES server says about itself ({@code GET /service-info}): the GA4GH service-info
 * fields plus TES's storage list and supported backend parameters. Every field may be missing:
 * older TESK and Funnel answer with {@code name}, {@code doc} and {@code storage} only.
 *
 * @param id the service id, or null
 * @param name the service name, or null
 * @param type group, artifact ({@code tes}) and the TES version, or null
 * @param description a description, or null
 * @param doc the pre-service-info description field of older servers, or null
 * @param organization who runs it, or null
 * @param contactUrl a contact URL, or null
 * @param documentationUrl a documentation URL, or null
 * @param createdAt when the service was created (text), or null
 * @param updatedAt when it was last updated (text), or null
 * @param environment e.g. {@code prod}, or null
 * @param version the implementation's version, or null
 * @param storage storage locations it supports (never null)
 * @param backendParameters the {@code tesResources_backend_parameters} keys it supports
 *     (TES 1.1; never null)
 * @since 0.1.0
 */
public record TesServiceInfo(
    String id,
    String name,
    ServiceType type,
    String description,
    String doc,
    Organization organization,
    String contactUrl,
    String documentationUrl,
    String createdAt,
    String updatedAt,
    String environment,
    String version,
    List<String> storage,
    @JsonProperty("tesResources_backend_parameters") List<String> backendParameters) {

  /** Missing lists read as empty. */
  public TesServiceInfo {
    storage = Copies.list(storage);
    backendParameters = Copies.list(backendParameters);
  }

  /**
   * The TES version the server declares in {@code type.version}.
   *
   * @return the version, {@link TesApiVersion#UNKNOWN} if it declares none
   */
  public TesApiVersion apiVersion() {
    return type == null ? TesApiVersion.UNKNOWN : TesApiVersion.parse(type.version());
  }

  /**
   * The GA4GH service type.
   *
   * @param group e.g. {@code org.ga4gh}
   * @param artifact {@code tes}
   * @param version the TES version, e.g. {@code 1.1.0}
   * @since 0.1.0
   */
  public record ServiceType(String group, String artifact, String version) {}

  /**
   * The organization running the service.
   *
   * @param name its name
   * @param url its URL
   * @since 0.1.0
   */
  public record Organization(String name, String url) {}
}
