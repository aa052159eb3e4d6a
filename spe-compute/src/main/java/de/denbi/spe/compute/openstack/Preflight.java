package de.denbi.spe.compute.openstack;

import de.denbi.spe.compute.bibigrid.BibigridConfiguration;
import de.denbi.spe.compute.bibigrid.BibigridConfiguration.Problem;
import de.denbi.spe.compute.bibigrid.CloudConfiguration;
import de.denbi.spe.compute.bibigrid.Instance;
import de.denbi.spe.compute.bibigrid.Volume;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

/**
 * Checks a BiBiGrid configuration against the cloud before a cluster is created: flavors and
 * images exist (an image may be a regular expression, matched from the start of active image
 * names as BiBiGrid does), the image fits the flavor, network or subnet and security groups
 * exist, and the quota covers master and all workers (cores, RAM, instances, volumes and volume
 * gigabytes). The report lists every problem, not the first.
 *
 * <pre>{@code
 * PreflightReport report = Preflight.check(config, openStackClient);
 * if (!report.ok()) System.err.println(report.summary());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Preflight {
  private static final int MIN_RAM_FOR_SLURM = 4096;

  private Preflight() {}

  /**
   * Checks a configuration whose every entry is on the same cloud (the usual case) — also
   * runs {@link BibigridConfiguration#validate()}.
   *
   * @param config the configuration
   * @param cloud the cloud
   * @return the report
   */
  public static PreflightReport check(BibigridConfiguration config, CloudInventory cloud) {
    Map<String, CloudInventory> m = new LinkedHashMap<>();
    for (CloudConfiguration c : config.configurations()) {
      m.put(String.valueOf(c.cloud()), cloud);
    }
    return check(config, m);
  }

  /**
   * Checks a configuration over several clouds.
   *
   * @param config the configuration
   * @param clouds the inventory of each {@code cloud} named in it
   * @return the report
   */
  public static PreflightReport check(BibigridConfiguration config, Map<String, CloudInventory> clouds) {
    List<Problem> problems = new ArrayList<>(config.validate());
    List<String> warnings = new ArrayList<>();
    Map<String, Long> required = new LinkedHashMap<>();
    Map<String, Long> available = new LinkedHashMap<>();
    for (int i = 0; i < config.configurations().size(); i++) {
      CloudConfiguration c = config.configurations().get(i);
      String k = "configurations[" + i + "]";
      CloudInventory cloud = clouds.get(String.valueOf(c.cloud()));
      if (cloud == null) {
        problems.add(new Problem(k + ".cloud", "no inventory given for cloud '" + c.cloud() + "'"));
        continue;
      }
      new CloudCheck(c, k, cloud, problems, warnings).run(required, available, config.configurations().size() > 1);
    }
    return new PreflightReport(problems, warnings, required, available);
  }

  private static final class CloudCheck {
    private final CloudConfiguration c;
    private final String k;
    private final CloudInventory cloud;
    private final List<Problem> problems;
    private final List<String> warnings;
    private final List<Flavor> flavors;
    private final List<Image> images;
    private long cores;
    private long ram;
    private long instances;
    private long volumes;
    private long volumeGb;

    CloudCheck(CloudConfiguration c, String k, CloudInventory cloud, List<Problem> problems, List<String> warnings) {
      this.c = c;
      this.k = k;
      this.cloud = cloud;
      this.problems = problems;
      this.warnings = warnings;
      this.flavors = cloud.flavors();
      this.images = cloud.images().stream().filter(Image::active).toList();
    }

    void run(Map<String, Long> required, Map<String, Long> available, boolean prefix) {
      if (c.masterInstance() != null) {
        instance(k + ".masterInstance", c.masterInstance(), 1);
      }
      if (c.vpnInstance() != null) {
        instance(k + ".vpnInstance", c.vpnInstance(), 1);
      }
      for (int w = 0; w < c.workerInstances().size(); w++) {
        Instance in = c.workerInstances().get(w);
        instance(k + ".workerInstances[" + w + "]", in, in.effectiveCount());
      }
      network();
      securityGroups();
      Limits l = cloud.limits();
      String p = prefix ? c.cloud() + "." : "";
      quota(k, p + "cores", cores, Limits.free(l.maxCores(), l.usedCores()), required, available);
      quota(k, p + "ramMb", ram, Limits.free(l.maxRamMb(), l.usedRamMb()), required, available);
      quota(k, p + "instances", instances, Limits.free(l.maxInstances(), l.usedInstances()), required, available);
      if (l.volumesKnown()) {
        quota(k, p + "volumes", volumes, Limits.free(l.maxVolumes(), l.usedVolumes()), required, available);
        quota(k, p + "volumeGb", volumeGb, Limits.free(l.maxVolumeGb(), l.usedVolumeGb()), required, available);
      } else {
        required.put(p + "volumes", volumes);
        required.put(p + "volumeGb", volumeGb);
        available.put(p + "volumes", -1L);
        available.put(p + "volumeGb", -1L);
        if (volumes > 0) {
          problems.add(new Problem(k + ".volumes", "the configuration needs " + volumes + " volume(s) ("
              + volumeGb + " GB) but the cloud has no block storage service in its catalog"));
        }
      }
    }

    private void quota(String key, String name, long need, long free, Map<String, Long> req, Map<String, Long> av) {
      req.put(name, need);
      av.put(name, free);
      if (need > free) {
        String what = name.substring(name.lastIndexOf('.') + 1);
        problems.add(new Problem(key + ".quota." + what, "the cluster needs " + need + " " + what
            + " but the quota leaves " + free + " (master and all workers, on-demand ones included)"));
      }
    }

    private void instance(String key, Instance in, int count) {
      Optional<Flavor> flavor = Optional.empty();
      if (in.type() != null) {
        flavor = flavors.stream().filter(f -> in.type().equals(f.name()) || in.type().equals(f.id())).findFirst();
        if (flavor.isEmpty()) {
          problems.add(new Problem(key + ".type", "flavor '" + in.type() + "' does not exist; available: "
              + flavors.stream().map(Flavor::name).sorted().collect(Collectors.joining(", "))));
        }
      }
      Optional<Image> image = in.image() == null ? Optional.empty() : image(in.image());
      if (in.image() != null && image.isEmpty()) {
        problems.add(new Problem(key + ".image", "no active image is named '" + in.image()
            + "' or matches it as a regular expression; active: "
            + images.stream().map(Image::name).sorted().collect(Collectors.joining(", "))));
      }
      if (flavor.isPresent()) {
        Flavor f = flavor.get();
        cores += (long) f.vcpus() * count;
        ram += (long) f.ramMb() * count;
        if (f.ramMb() < MIN_RAM_FOR_SLURM) {
          warnings.add(key + ".type: flavor " + f.name() + " has " + f.ramMb()
              + " MB RAM; BiBiGrid recommends at least 4096 MB to run SLURM and jobs");
        }
        if (image.isPresent()) {
          Image im = image.get();
          boolean bootVolume = in.bootVolume() != null;
          if (!bootVolume && f.diskGb() > 0 && im.minDiskGb() > f.diskGb()) {
            problems.add(new Problem(key + ".type", "flavor " + f.name() + " has a " + f.diskGb()
                + " GB disk but image " + im.name() + " needs " + im.minDiskGb() + " GB"));
          }
          if (bootVolume && in.bootVolume().name() == null) {
            int size = in.bootVolume().size() == null ? 50 : in.bootVolume().size();
            if (im.minDiskGb() > size) {
              problems.add(new Problem(key + ".bootVolume.size", "a " + size + " GB boot volume is"
                  + " smaller than image " + im.name() + " needs (" + im.minDiskGb() + " GB)"));
            }
          }
          if (im.minRamMb() > f.ramMb()) {
            problems.add(new Problem(key + ".type", "flavor " + f.name() + " has " + f.ramMb()
                + " MB RAM but image " + im.name() + " needs " + im.minRamMb() + " MB"));
          }
        }
      }
      instances += count;
      if (in.bootVolume() != null && in.bootVolume().name() == null) {
        volumes += count;
        volumeGb += (long) (in.bootVolume().size() == null ? 50 : in.bootVolume().size()) * count;
      }
      for (Volume v : in.volumes()) {
        if (!Boolean.TRUE.equals(v.exists())) {
          volumes += count;
          volumeGb += (long) v.effectiveSize() * count;
        }
      }
      if (!Boolean.FALSE.equals(in.onDemand()) && key.contains("workerInstances")) {
        warnings.add(key + ": " + count + " on-demand worker(s) counted against the quota although"
            + " SLURM starts them only when jobs need them");
      }
    }

    private Optional<Image> image(String spec) {
      Optional<Image> exact = images.stream().filter(i -> spec.equals(i.name()) || spec.equals(i.id())).findFirst();
      if (exact.isPresent()) {
        return exact;
      }
      try {
        Pattern p = Pattern.compile(spec);
        return images.stream().filter(i -> i.name() != null && p.matcher(i.name()).lookingAt()).findFirst();
      } catch (PatternSyntaxException e) {
        return Optional.empty();
      }
    }

    private void network() {
      if (c.network() != null) {
        boolean found = cloud.networks().stream().anyMatch(n -> c.network().equals(n.name()) || c.network().equals(n.id()));
        if (!found) {
          problems.add(new Problem(k + ".network", "network '" + c.network() + "' does not exist; available: "
              + cloud.networks().stream().map(Network::name).sorted().collect(Collectors.joining(", "))));
        }
      }
      if (c.subnet() != null) {
        boolean found = cloud.subnets().stream().anyMatch(s -> c.subnet().equals(s.name()) || c.subnet().equals(s.id()));
        if (!found) {
          problems.add(new Problem(k + ".subnet", "subnet '" + c.subnet() + "' does not exist; available: "
              + cloud.subnets().stream().map(Subnet::name).filter(Objects::nonNull).sorted()
                  .collect(Collectors.joining(", "))));
        }
      }
    }

    private void securityGroups() {
      List<String> wanted = new ArrayList<>(c.securityGroups());
      if (c.masterInstance() != null) {
        wanted.addAll(c.masterInstance().securityGroups());
      }
      c.workerInstances().forEach(w -> wanted.addAll(w.securityGroups()));
      if (wanted.isEmpty()) {
        return;
      }
      List<SecurityGroup> groups = cloud.securityGroups();
      for (String g : wanted.stream().distinct().toList()) {
        if (groups.stream().noneMatch(x -> g.equals(x.name()) || g.equals(x.id()))) {
          problems.add(new Problem(k + ".securityGroups", "security group '" + g + "' does not exist"));
        }
      }
    }
  }
}
