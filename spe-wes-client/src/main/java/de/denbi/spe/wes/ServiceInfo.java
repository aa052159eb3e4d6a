package de.denbi.spe.wes;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import de.denbi.spe.wes.internal.DefaultParameters;
import de.denbi.spe.wes.internal.LenientStringMap;
import de.denbi.spe.wes.internal.VersionLists;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a WES server says about itself ({@code GET /service-info}). Every field may be missing
 * (WES 1.0 servers and WESkit leave out the GA4GH {@code Service} fields); missing collections
 * are empty. Both shapes of {@code workflow_engine_versions} are read: WES 1.1's
 * {@code {"engine": {"workflow_engine_version": [...]}}} and WES 1.0's
 * {@code {"engine": "version"}}, where WESkit joins several versions with commas.
 *
 * @param id the service id (GA4GH service-info), or {@code null}
 * @param name the service name, or {@code null}
 * @param type the service type, or {@code null}
 * @param description a description, or {@code null}
 * @param organization the operating organization, or {@code null}
 * @param contactUrl a contact URL (service-info), or {@code null}
 * @param documentationUrl a documentation URL, or {@code null}
 * @param environment e.g. {@code prod}, or {@code null}
 * @param version the service's own version, or {@code null}
 * @param workflowTypeVersions workflow type (e.g. {@code CWL}, {@code SMK}) to its versions
 * @param supportedWesVersions the WES versions the server speaks, e.g. {@code 1.0.0}
 * @param supportedFilesystemProtocols e.g. {@code file}, {@code s3}
 * @param workflowEngineVersions engine to its versions
 * @param defaultWorkflowEngineParameters the engine parameters and their defaults
 * @param systemStateCounts number of runs per state
 * @param authInstructionsUrl how to get a token, or {@code null}
 * @param contactInfoUrl contact of the operator (WES 1.0 field), or {@code null}
 * @param tags free-form metadata
 * @since 0.1.0
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ServiceInfo(
    String id,
    String name,
    ServiceType type,
    String description,
    Organization organization,
    @JsonProperty("contactUrl") String contactUrl,
    @JsonProperty("documentationUrl") String documentationUrl,
    String environment,
    String version,
    @JsonDeserialize(using = VersionLists.WorkflowTypes.class)
        Map<String, List<String>> workflowTypeVersions,
    List<String> supportedWesVersions,
    List<String> supportedFilesystemProtocols,
    @JsonDeserialize(using = VersionLists.Engines.class)
        Map<String, List<String>> workflowEngineVersions,
    @JsonDeserialize(using = DefaultParameters.class)
        List<DefaultWorkflowEngineParameter> defaultWorkflowEngineParameters,
    Map<String, Long> systemStateCounts,
    String authInstructionsUrl,
    String contactInfoUrl,
    @JsonDeserialize(using = LenientStringMap.class) Map<String, String> tags) {

  private static final Set<String> WESKIT_TYPES = Set.of("SMK", "NFL");

  /** Missing collections become empty. */
  public ServiceInfo {
    workflowTypeVersions = workflowTypeVersions == null ? Map.of() : Map.copyOf(workflowTypeVersions);
    supportedWesVersions = supportedWesVersions == null ? List.of() : List.copyOf(supportedWesVersions);
    supportedFilesystemProtocols =
        supportedFilesystemProtocols == null ? List.of() : List.copyOf(supportedFilesystemProtocols);
    workflowEngineVersions =
        workflowEngineVersions == null ? Map.of() : Map.copyOf(workflowEngineVersions);
    defaultWorkflowEngineParameters =
        defaultWorkflowEngineParameters == null
            ? List.of()
            : List.copyOf(defaultWorkflowEngineParameters);
    systemStateCounts = systemStateCounts == null ? Map.of() : Map.copyOf(systemStateCounts);
    tags = tags == null ? Map.of() : Map.copyOf(tags);
  }

  /**
   * The highest WES version the server says it speaks: from {@code supported_wes_versions}, else
   * from the service type's version, else WES 1.0 (the version without a required field to
   * tell).
   *
   * @return the version
   */
  public WesApiVersion apiVersion() {
    WesApiVersion best = null;
    for (String v : supportedWesVersions) {
      WesApiVersion p = WesApiVersion.parse(v);
      if (p != null && (best == null || p.compareTo(best) > 0)) {
        best = p;
      }
    }
    if (best == null && type != null && "wes".equalsIgnoreCase(type.artifact())) {
      best = WesApiVersion.parse(type.version());
    }
    return best == null ? WesApiVersion.V1_0 : best;
  }

  /**
   * The dialect this service-info points to: WESkit when its workflow types are {@code SMK} or
   * {@code NFL} (WESkit's names for Snakemake and Nextflow) on a WES 1.0 server, or when its
   * name or tags say WESkit; else standard.
   *
   * @return {@link WesDialect#WESKIT} or {@link WesDialect#STANDARD}
   */
  public WesDialect dialect() {
    boolean named =
        (name != null && name.toLowerCase(java.util.Locale.ROOT).contains("weskit"))
            || tags.keySet().stream().anyMatch(k -> k.toLowerCase(java.util.Locale.ROOT).contains("weskit"))
            || tags.values().stream().anyMatch(v -> v.toLowerCase(java.util.Locale.ROOT).contains("weskit"));
    boolean weskitTypes =
        !workflowTypeVersions.isEmpty()
            && WESKIT_TYPES.containsAll(workflowTypeVersions.keySet());
    if (named || (weskitTypes && apiVersion() == WesApiVersion.V1_0)) {
      return WesDialect.WESKIT;
    }
    return WesDialect.STANDARD;
  }

  /**
   * The profile (version and dialect) of the server.
   *
   * @return the profile
   */
  public WesServerProfile profile() {
    return new WesServerProfile(apiVersion(), dialect());
  }

  /**
   * The versions the server accepts for a workflow type.
   *
   * @param workflowType e.g. {@code CWL}, {@code SMK}
   * @return the versions, empty when the type is unknown
   */
  public List<String> versionsOf(String workflowType) {
    return workflowTypeVersions.getOrDefault(workflowType, List.of());
  }

  /**
   * The contact URL, from whichever field the server used.
   *
   * @return it, if there is one
   */
  public Optional<String> contact() {
    return Optional.ofNullable(contactUrl != null ? contactUrl : contactInfoUrl);
  }

  /**
   * A GA4GH service type.
   *
   * @param group e.g. {@code org.ga4gh}
   * @param artifact e.g. {@code wes}
   * @param version e.g. {@code 1.1.0}
   * @since 0.1.0
   */
  public record ServiceType(String group, String artifact, String version) {}

  /**
   * The organization that runs a service.
   *
   * @param name its name
   * @param url its web page
   * @since 0.1.0
   */
  public record Organization(String name, String url) {}
}
