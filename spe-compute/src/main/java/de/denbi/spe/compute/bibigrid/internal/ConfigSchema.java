package de.denbi.spe.compute.bibigrid.internal;

import com.fasterxml.jackson.databind.JsonNode;
import de.denbi.spe.compute.bibigrid.BibigridConfiguration.Problem;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * BiBiGrid's configuration schema (its {@code validate_schema.py}, plus the keys of its REST
 * models), checked on the YAML tree so that every unknown key and wrong type is reported with
 * its path before binding.
 */
public final class ConfigSchema {
  private ConfigSchema() {}

  private sealed interface T permits Str, Int, Bool, StrList, StrMap, Obj, ListOf {}

  private record Str() implements T {}

  private record Int() implements T {}

  private record Bool() implements T {}

  private record StrList() implements T {}

  private record StrMap() implements T {}

  private record Obj(Map<String, T> keys) implements T {}

  private record ListOf(T element) implements T {}

  private static final T S = new Str();
  private static final T I = new Int();
  private static final T B = new Bool();
  private static final T SL = new StrList();

  private static final Obj BOOT = new Obj(Map.of("name", S, "terminate", B, "size", I));
  private static final Obj VOLUME = new Obj(Map.of("name", S, "id", S, "snapshot", S,
      "permanent", B, "semiPermanent", B, "exists", B, "mountPoint", S, "size", I,
      "fstype", S, "type", S));
  private static final Obj INSTANCE = new Obj(Map.of("type", S, "image", S, "count", I,
      "onDemand", B, "partitions", SL, "features", SL, "securityGroups", SL, "bootVolume", BOOT,
      "volumes", new ListOf(VOLUME), "meta", new StrMap()));
  private static final Obj SLURM_CONF = new Obj(Map.of("db", S, "db_user", S, "db_password", S,
      "munge_key", S, "elastic_scheduling", new Obj(Map.of("SuspendTime", I, "SuspendTimeout", I,
          "ResumeTimeout", I, "TreeWidth", I))));
  private static final Obj USER_ROLE = new Obj(Map.of("hosts", SL,
      "roles", new ListOf(new Obj(Map.of("name", S, "tags", SL))), "varsFiles", SL));
  private static final Obj CONFIG = new Obj(Map.ofEntries(
      Map.entry("infrastructure", S), Map.entry("cloud", S), Map.entry("cloud_identifier", S),
      Map.entry("sshUser", S), Map.entry("network", S), Map.entry("subnet", S),
      Map.entry("sshPublicKeyFiles", SL), Map.entry("sshTimeout", I),
      Map.entry("cloudScheduling", new Obj(Map.of("sshTimeout", I))), Map.entry("nfsShares", SL),
      Map.entry("userRoles", new ListOf(USER_ROLE)), Map.entry("localFS", B),
      Map.entry("localDNSlookup", B), Map.entry("slurm", B), Map.entry("slurmConf", SLURM_CONF),
      Map.entry("zabbix", B), Map.entry("nfs", B), Map.entry("ide", B),
      Map.entry("useMasterAsCompute", B), Map.entry("useMasterWithPublicIp", B),
      Map.entry("waitForServices", SL), Map.entry("gateway", new Obj(Map.of("ip", S, "portFunction", S))),
      Map.entry("dontUploadCredentials", B), Map.entry("fallbackOnOtherImage", B),
      Map.entry("features", SL), Map.entry("securityGroups", SL), Map.entry("masterInstance", INSTANCE),
      Map.entry("vpnInstance", INSTANCE), Map.entry("workerInstances", new ListOf(INSTANCE)),
      Map.entry("bootVolume", BOOT), Map.entry("meta", new StrMap()), Map.entry("noAllPartition", B)));

  /** Keys BiBiGrid dropped, with what to do instead. */
  private static final Map<String, String> DEPRECATED = Map.of(
      "region", "deprecated in BiBiGrid 3: remove it",
      "availabilityZone", "deprecated in BiBiGrid 3: remove it",
      "masterMounts", "deprecated: use 'volumes' of the instance",
      "mode", "renamed to 'infrastructure'");

  /**
   * Checks one configuration entry.
   *
   * @param node the entry
   * @param path its key path
   * @param problems where problems go
   */
  public static void check(JsonNode node, String path, List<Problem> problems) {
    check(node, CONFIG, path, problems, true);
  }

  private static void check(JsonNode n, T t, String path, List<Problem> problems, boolean top) {
    if (n == null || n.isNull()) {
      return; // an empty key in YAML means "not set"
    }
    switch (t) {
      case Str s -> {
        if (!n.isValueNode() || n.isBoolean()) {
          problems.add(new Problem(path, "must be a text value"));
        }
      }
      case Int i -> {
        if (!n.isIntegralNumber()) {
          problems.add(new Problem(path, "must be a whole number, was " + n));
        }
      }
      case Bool b -> {
        if (!n.isBoolean()) {
          problems.add(new Problem(path, "must be true or false, was " + n));
        }
      }
      case StrList sl -> {
        if (!n.isArray()) {
          problems.add(new Problem(path, "must be a list of text values"));
        } else {
          for (int k = 0; k < n.size(); k++) {
            if (!n.get(k).isValueNode() || n.get(k).isNull()) {
              problems.add(new Problem(path + "[" + k + "]", "must be a text value"));
            }
          }
        }
      }
      case StrMap sm -> {
        if (!n.isObject()) {
          problems.add(new Problem(path, "must be a mapping of text to text"));
        } else {
          n.properties().forEach(e -> {
            if (!e.getValue().isTextual()) {
              problems.add(new Problem(path + "." + e.getKey(), "must be a text value"));
            }
          });
        }
      }
      case ListOf l -> {
        if (!n.isArray()) {
          problems.add(new Problem(path, "must be a list"));
        } else {
          for (int k = 0; k < n.size(); k++) {
            check(n.get(k), l.element(), path + "[" + k + "]", problems, false);
          }
        }
      }
      case Obj o -> {
        if (!n.isObject()) {
          problems.add(new Problem(path, "must be a mapping with keys " + new TreeSet<>(o.keys().keySet())));
          return;
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
          T sub = o.keys().get(e.getKey());
          if (sub == null) {
            String hint = top ? DEPRECATED.get(e.getKey()) : null;
            problems.add(new Problem(path + "." + e.getKey(), hint != null ? hint
                : "unknown key; expected one of " + new TreeSet<>(o.keys().keySet())));
          } else {
            check(e.getValue(), sub, path + "." + e.getKey(), problems, false);
          }
        }
      }
    }
  }
}
