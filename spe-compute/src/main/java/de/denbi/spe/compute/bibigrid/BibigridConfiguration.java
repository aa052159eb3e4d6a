package de.denbi.spe.compute.bibigrid;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import de.denbi.spe.compute.bibigrid.internal.ConfigSchema;
import de.denbi.spe.core.LocalIOException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A BiBiGrid 3.x configuration: the list of {@link CloudConfiguration}s that BiBiGrid reads from
 * {@code bibigrid.yaml} and its REST API takes as {@code {"configurations": [...]}}.
 *
 * <p>{@link #fromYaml(String, String)} rejects unknown keys and wrong types with
 * {@link BibigridConfigurationException}, listing every problem with its key (e.g.
 * {@code configurations[0].workerInstances[1].count}). {@link #validate()} checks what the
 * schema cannot: master and VPN instances, subnet or network, counts, volumes, metadata lengths.
 * Whether flavors, images, networks and quota exist on the cloud is checked by
 * {@code de.denbi.spe.compute.openstack.Preflight}.
 *
 * <pre>{@code
 * BibigridConfiguration config = BibigridConfiguration.read(Path.of("bibigrid.yaml"));
 * config.requireValid();
 * Files.writeString(out, config.toYaml());
 * }</pre>
 *
 * @param configurations the entries; the first holds the master
 * @since 0.1.0
 */
public record BibigridConfiguration(List<CloudConfiguration> configurations) {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .setDefaultPropertyInclusion(JsonInclude.Include.NON_EMPTY);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  /** Copies the list. */
  public BibigridConfiguration {
    configurations = List.copyOf(Objects.requireNonNull(configurations, "configurations"));
  }

  /**
   * A configuration of one cloud.
   *
   * @param master the first (master) entry
   * @return the configuration
   */
  public static BibigridConfiguration of(CloudConfiguration master) {
    return new BibigridConfiguration(List.of(master));
  }

  /**
   * Reads a {@code bibigrid.yaml}.
   *
   * @param file the file
   * @return the configuration (structurally valid; call {@link #validate()} for the rest)
   * @throws BibigridConfigurationException listing every unknown key and wrong type
   */
  public static BibigridConfiguration read(Path file) {
    try {
      return fromYaml(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new LocalIOException("Cannot read " + file, e);
    }
  }

  /**
   * Parses YAML (a list of entries, as in {@code bibigrid.yaml}, or a mapping with
   * {@code configurations}, as the REST API takes).
   *
   * @param yaml the text
   * @param source where it came from, for messages
   * @return the configuration
   * @throws BibigridConfigurationException listing every unknown key and wrong type
   */
  public static BibigridConfiguration fromYaml(String yaml, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new BibigridConfigurationException(source, List.of(new Problem("(document)",
          "not valid YAML: " + e.getOriginalMessage()
              + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()))));
    }
    if (root != null && root.isObject() && root.has("configurations")) {
      root = root.get("configurations");
    }
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw new BibigridConfigurationException(source, List.of(new Problem("(document)",
          "must be a non-empty list of configurations (the first one with masterInstance)")));
    }
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      ConfigSchema.check(root.get(i), "configurations[" + i + "]", problems);
    }
    if (!problems.isEmpty()) {
      throw new BibigridConfigurationException(source, problems);
    }
    List<CloudConfiguration> list = new ArrayList<>();
    for (JsonNode n : root) {
      try {
        list.add(YAML.treeToValue(n, CloudConfiguration.class));
      } catch (JsonProcessingException e) {
        throw new BibigridConfigurationException(source, List.of(new Problem("(document)",
            e.getOriginalMessage())));
      }
    }
    return new BibigridConfiguration(list);
  }

  /**
   * The YAML BiBiGrid reads (a list of entries), without unset keys.
   *
   * @return the text
   */
  public String toYaml() {
    try {
      return YAML.writeValueAsString(configurations);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the configuration as YAML", e);
    }
  }

  /**
   * The JSON body of BiBiGrid's REST API ({@code {"configurations": [...]}}).
   *
   * @param mapper the mapper to build the tree with
   * @return the body
   */
  public ObjectNode toRestBody(ObjectMapper mapper) {
    ObjectNode body = mapper.createObjectNode();
    ArrayNode arr = body.putArray("configurations");
    for (CloudConfiguration c : configurations) {
      arr.add(YAML.valueToTree(c));
    }
    return body;
  }

  /**
   * The minimal body for terminate and info ({@code infrastructure} and {@code cloud} of each
   * entry).
   *
   * @param mapper the mapper to build the tree with
   * @return the body
   */
  public ObjectNode toMinimalRestBody(ObjectMapper mapper) {
    ObjectNode body = mapper.createObjectNode();
    ArrayNode arr = body.putArray("configurations");
    for (CloudConfiguration c : configurations) {
      arr.addObject().put("infrastructure", c.infrastructure()).put("cloud", c.cloud());
    }
    return body;
  }

  /**
   * Checks what the schema cannot. Every problem is reported, not only the first.
   *
   * @return the problems, empty if valid
   */
  public List<Problem> validate() {
    List<Problem> p = new ArrayList<>();
    if (configurations.isEmpty()) {
      p.add(new Problem("configurations", "at least one configuration (with masterInstance) is needed"));
      return p;
    }
    Set<String> clouds = new HashSet<>();
    for (int i = 0; i < configurations.size(); i++) {
      CloudConfiguration c = configurations.get(i);
      String k = "configurations[" + i + "]";
      if (!"openstack".equals(c.infrastructure())) {
        p.add(new Problem(k + ".infrastructure", "must be 'openstack' (the only one BiBiGrid implements), was "
            + c.infrastructure()));
      }
      required(p, k + ".cloud", c.cloud());
      required(p, k + ".sshUser", c.sshUser());
      required(p, k + ".cloud_identifier", c.cloudIdentifier());
      if (c.cloud() != null && !clouds.add(c.cloud())) {
        p.add(new Problem(k + ".cloud", "'" + c.cloud() + "' is used twice; one configuration per cloud"));
      }
      if (c.cloudIdentifier() != null && !NAME.matcher(c.cloudIdentifier()).matches()) {
        p.add(new Problem(k + ".cloud_identifier", "only letters, digits, '.', '_' and '-'"));
      }
      if (c.network() != null && c.subnet() != null) {
        p.add(new Problem(k + ".subnet", "set either 'subnet' or 'network', not both"));
      }
      if (i > 0 && c.subnet() == null) {
        p.add(new Problem(k + ".subnet", "is required for every configuration but the first"));
      }
      if (i == 0) {
        if (c.masterInstance() == null) {
          p.add(new Problem(k + ".masterInstance", "is required in the first configuration"));
        } else {
          instance(p, k + ".masterInstance", c.masterInstance(), true);
        }
        if (c.vpnInstance() != null) {
          p.add(new Problem(k + ".vpnInstance", "only further configurations have a vpnInstance"));
        }
      } else {
        if (c.vpnInstance() == null) {
          p.add(new Problem(k + ".vpnInstance", "is required in every configuration but the first"));
        } else {
          instance(p, k + ".vpnInstance", c.vpnInstance(), true);
        }
        if (c.masterInstance() != null) {
          p.add(new Problem(k + ".masterInstance", "only the first configuration has the master"));
        }
      }
      for (int w = 0; w < c.workerInstances().size(); w++) {
        instance(p, k + ".workerInstances[" + w + "]", c.workerInstances().get(w), false);
      }
      if (i == 0 && c.workerInstances().isEmpty() && Boolean.FALSE.equals(c.useMasterAsCompute())) {
        p.add(new Problem(k + ".workerInstances",
            "no workers and useMasterAsCompute: false leaves the cluster without compute nodes"));
      }
      meta(p, k + ".meta", c.meta());
      if (c.sshTimeout() != null && c.sshTimeout() < 1) {
        p.add(new Problem(k + ".sshTimeout", "must be at least 1"));
      }
      for (int s = 0; s < c.nfsShares().size(); s++) {
        if (!c.nfsShares().get(s).startsWith("/")) {
          p.add(new Problem(k + ".nfsShares[" + s + "]", "must be an absolute path"));
        }
      }
      if (c.gateway() != null) {
        required(p, k + ".gateway.ip", c.gateway().ip());
        required(p, k + ".gateway.portFunction", c.gateway().portFunction());
      }
    }
    return p;
  }

  /**
   * Throws unless {@link #validate()} finds nothing.
   *
   * @return this configuration
   * @throws BibigridConfigurationException with every problem
   */
  public BibigridConfiguration requireValid() {
    List<Problem> p = validate();
    if (!p.isEmpty()) {
      throw new BibigridConfigurationException("BiBiGrid configuration", p);
    }
    return this;
  }

  /**
   * The master entry.
   *
   * @return the first configuration
   */
  public CloudConfiguration master() {
    return configurations.getFirst();
  }

  private static void required(List<Problem> p, String key, String v) {
    if (v == null || v.isBlank()) {
      p.add(new Problem(key, "is required"));
    }
  }

  private static void instance(List<Problem> p, String k, Instance in, boolean single) {
    required(p, k + ".type", in.type());
    required(p, k + ".image", in.image());
    if (in.image() != null && !in.image().isBlank()) {
      try {
        Pattern.compile(in.image());
      } catch (PatternSyntaxException e) {
        p.add(new Problem(k + ".image", "is neither a name nor a valid regular expression: "
            + e.getDescription()));
      }
    }
    if (in.count() != null) {
      if (single && in.count() != 1) {
        p.add(new Problem(k + ".count", "must be 1 for the master and VPN instances"));
      } else if (in.count() < 1) {
        p.add(new Problem(k + ".count", "must be at least 1, was " + in.count()));
      }
    }
    for (int i = 0; i < in.partitions().size(); i++) {
      if (!NAME.matcher(in.partitions().get(i)).matches()) {
        p.add(new Problem(k + ".partitions[" + i + "]", "a SLURM partition name: letters, digits, '.', '_', '-'"));
      }
    }
    for (int i = 0; i < in.features().size(); i++) {
      if (!NAME.matcher(in.features().get(i)).matches()) {
        p.add(new Problem(k + ".features[" + i + "]", "a SLURM feature: letters, digits, '.', '_', '-'"));
      }
    }
    meta(p, k + ".meta", in.meta());
    if (in.bootVolume() != null && in.bootVolume().size() != null && in.bootVolume().size() < 1) {
      p.add(new Problem(k + ".bootVolume.size", "must be at least 1 (GB)"));
    }
    for (int i = 0; i < in.volumes().size(); i++) {
      Volume v = in.volumes().get(i);
      String vk = k + ".volumes[" + i + "]";
      int modes = (Boolean.TRUE.equals(v.permanent()) ? 1 : 0)
          + (Boolean.TRUE.equals(v.semiPermanent()) ? 1 : 0) + (Boolean.TRUE.equals(v.exists()) ? 1 : 0);
      if (modes > 1) {
        p.add(new Problem(vk, "set at most one of permanent, semiPermanent and exists"));
      }
      if (Boolean.TRUE.equals(v.exists())) {
        if (v.name() == null && v.id() == null) {
          p.add(new Problem(vk + ".name", "an existing volume (exists: true) needs its name or id"));
        }
        if (in.effectiveCount() != 1) {
          p.add(new Problem(vk + ".exists", "an existing volume can be attached to one server only (count 1)"));
        }
      }
      if ((Boolean.TRUE.equals(v.permanent()) || Boolean.TRUE.equals(v.semiPermanent()))
          && v.name() == null) {
        p.add(new Problem(vk + ".name", "a permanent or semi-permanent volume needs a name"));
      }
      if (v.size() != null && v.size() < 1) {
        p.add(new Problem(vk + ".size", "must be at least 1 (GB)"));
      }
      if (v.mountPoint() != null && !v.mountPoint().startsWith("/")) {
        p.add(new Problem(vk + ".mountPoint", "must be an absolute path"));
      }
    }
  }

  private static void meta(List<Problem> p, String k, Map<String, String> meta) {
    meta.forEach((key, value) -> {
      if (key.length() > 255 || (value != null && value.length() > 255)) {
        p.add(new Problem(k + "." + key, "OpenStack allows at most 255 characters in metadata"));
      }
    });
  }

  /**
   * One problem with a configuration.
   *
   * @param key where, e.g. {@code configurations[0].workerInstances[1].count}
   * @param message what is wrong
   */
  public record Problem(String key, String message) {
    @Override
    public String toString() {
      return key + ": " + message;
    }
  }
}
