package de.denbi.spe.compute.bibigrid;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One entry of a BiBiGrid configuration: the cluster's part on one cloud. The first entry has
 * the master and the cluster-wide settings; further entries (other clouds, joined by VPN) have a
 * {@code vpnInstance} instead. Field names are BiBiGrid's YAML keys (see its
 * {@code bibigrid.yaml}); null means "not set, BiBiGrid's default".
 *
 * @param infrastructure the provider, {@code openstack}
 * @param cloud the entry of {@code clouds.yaml} to use
 * @param cloudIdentifier a name for this cloud ({@code cloud_identifier})
 * @param sshUser the image's login user, e.g. {@code ubuntu}
 * @param network the network (name or id); either this or {@code subnet}
 * @param subnet the subnet (name or id); either this or {@code network}
 * @param sshPublicKeyFiles public keys added to the master's authorized_keys
 * @param sshTimeout SSH connection attempts during start-up
 * @param cloudScheduling SSH settings of on-demand scheduling
 * @param nfsShares extra NFS shares
 * @param userRoles extra Ansible roles
 * @param localFS whether to use local file systems
 * @param localDnsLookup whether hosts get local DNS entries ({@code localDNSlookup})
 * @param slurm whether to install SLURM (default true)
 * @param slurmConf SLURM settings
 * @param zabbix whether to install Zabbix
 * @param nfs whether to set up NFS
 * @param ide whether to install a web IDE
 * @param useMasterAsCompute whether the master runs jobs too (default true)
 * @param useMasterWithPublicIp whether the master gets a floating IP (default true)
 * @param waitForServices services to wait for before apt runs
 * @param gateway a gateway to reach the master through
 * @param dontUploadCredentials keep cloud credentials off the master (no on-demand nodes)
 * @param fallbackOnOtherImage pick the most similar image when the named one is gone
 * @param features SLURM features of all nodes
 * @param securityGroups extra security groups of all nodes
 * @param masterInstance the master (first entry only)
 * @param vpnInstance the VPN gateway (further entries only)
 * @param workerInstances the worker groups
 * @param bootVolume the default boot volume
 * @param meta OpenStack metadata of all servers
 * @param noAllPartition whether to skip the partition with all nodes
 * @since 0.1.0
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record CloudConfiguration(
    String infrastructure,
    String cloud,
    @JsonProperty("cloud_identifier") String cloudIdentifier,
    String sshUser,
    String network,
    String subnet,
    List<String> sshPublicKeyFiles,
    Integer sshTimeout,
    CloudScheduling cloudScheduling,
    List<String> nfsShares,
    List<UserRole> userRoles,
    Boolean localFS,
    @JsonProperty("localDNSlookup") Boolean localDnsLookup,
    Boolean slurm,
    SlurmConf slurmConf,
    Boolean zabbix,
    Boolean nfs,
    Boolean ide,
    Boolean useMasterAsCompute,
    Boolean useMasterWithPublicIp,
    List<String> waitForServices,
    Gateway gateway,
    Boolean dontUploadCredentials,
    Boolean fallbackOnOtherImage,
    List<String> features,
    List<String> securityGroups,
    Instance masterInstance,
    Instance vpnInstance,
    List<Instance> workerInstances,
    BootVolume bootVolume,
    Map<String, String> meta,
    Boolean noAllPartition) {

  /** Normalises the collections (never null). */
  public CloudConfiguration {
    sshPublicKeyFiles = copy(sshPublicKeyFiles);
    nfsShares = copy(nfsShares);
    userRoles = copy(userRoles);
    waitForServices = copy(waitForServices);
    features = copy(features);
    securityGroups = copy(securityGroups);
    workerInstances = copy(workerInstances);
    meta = meta == null ? Map.of() : Map.copyOf(meta);
  }

  private static <T> List<T> copy(List<T> l) {
    return l == null ? List.of() : List.copyOf(l);
  }

  /**
   * SSH settings of on-demand scheduling ({@code cloudScheduling}).
   *
   * @param sshTimeout SSH connection attempts
   */
  public record CloudScheduling(Integer sshTimeout) {}

  /**
   * A gateway to reach the master ({@code gateway}).
   *
   * @param ip the gateway's address
   * @param portFunction how the port is computed, e.g. {@code 30000 + oct4}
   */
  public record Gateway(String ip, String portFunction) {}

  /**
   * Extra Ansible roles ({@code userRoles[]}).
   *
   * @param hosts the Ansible host groups, e.g. {@code master}
   * @param roles the roles
   * @param varsFiles variable files
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record UserRole(List<String> hosts, List<Role> roles, List<String> varsFiles) {}

  /**
   * An Ansible role.
   *
   * @param name the role's name
   * @param tags its tags
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Role(String name, List<String> tags) {}

  /**
   * A first (master) entry with the essentials; use {@link #toBuilder()} for the rest.
   *
   * @param cloud the clouds.yaml entry
   * @param sshUser the image's login user
   * @param subnet the subnet
   * @param master the master
   * @param workers the worker groups
   * @return the entry
   */
  public static CloudConfiguration master(
      String cloud, String sshUser, String subnet, Instance master, List<Instance> workers) {
    return new Builder().cloud(cloud).cloudIdentifier(cloud).sshUser(sshUser).subnet(subnet)
        .masterInstance(master).workerInstances(workers).build();
  }

  /**
   * A builder with this entry's values.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * A builder for an empty entry ({@code infrastructure: openstack}).
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link CloudConfiguration}; the commonly changed keys have setters, the record
   * constructor takes all.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private String infrastructure = "openstack";
    private String cloud;
    private String cloudIdentifier;
    private String sshUser;
    private String network;
    private String subnet;
    private Instance masterInstance;
    private Instance vpnInstance;
    private List<Instance> workerInstances = new ArrayList<>();
    private Boolean useMasterAsCompute;
    private List<String> sshPublicKeyFiles = new ArrayList<>();
    private CloudConfiguration base;

    private Builder() {}

    private Builder(CloudConfiguration c) {
      this.base = c;
      this.infrastructure = c.infrastructure;
      this.cloud = c.cloud;
      this.cloudIdentifier = c.cloudIdentifier;
      this.sshUser = c.sshUser;
      this.network = c.network;
      this.subnet = c.subnet;
      this.masterInstance = c.masterInstance;
      this.vpnInstance = c.vpnInstance;
      this.workerInstances = new ArrayList<>(c.workerInstances);
      this.useMasterAsCompute = c.useMasterAsCompute;
      this.sshPublicKeyFiles = new ArrayList<>(c.sshPublicKeyFiles);
    }

    /**
     * The clouds.yaml entry.
     *
     * @param cloud its name
     * @return this builder
     */
    public Builder cloud(String cloud) {
      this.cloud = cloud;
      return this;
    }

    /**
     * The cloud's identifier.
     *
     * @param id the identifier
     * @return this builder
     */
    public Builder cloudIdentifier(String id) {
      this.cloudIdentifier = id;
      return this;
    }

    /**
     * The image's login user.
     *
     * @param user e.g. {@code ubuntu}
     * @return this builder
     */
    public Builder sshUser(String user) {
      this.sshUser = user;
      return this;
    }

    /**
     * The network (clears the subnet).
     *
     * @param network name or id
     * @return this builder
     */
    public Builder network(String network) {
      this.network = network;
      this.subnet = null;
      return this;
    }

    /**
     * The subnet (clears the network).
     *
     * @param subnet name or id
     * @return this builder
     */
    public Builder subnet(String subnet) {
      this.subnet = subnet;
      this.network = null;
      return this;
    }

    /**
     * The master.
     *
     * @param master the master instance
     * @return this builder
     */
    public Builder masterInstance(Instance master) {
      this.masterInstance = master;
      return this;
    }

    /**
     * The VPN gateway (further clouds).
     *
     * @param vpn the VPN instance
     * @return this builder
     */
    public Builder vpnInstance(Instance vpn) {
      this.vpnInstance = vpn;
      return this;
    }

    /**
     * The worker groups (replacing any).
     *
     * @param workers the groups
     * @return this builder
     */
    public Builder workerInstances(List<Instance> workers) {
      this.workerInstances = new ArrayList<>(workers);
      return this;
    }

    /**
     * Adds a worker group.
     *
     * @param worker the group
     * @return this builder
     */
    public Builder addWorkerInstance(Instance worker) {
      this.workerInstances.add(worker);
      return this;
    }

    /**
     * Whether the master runs jobs.
     *
     * @param b true to compute on the master
     * @return this builder
     */
    public Builder useMasterAsCompute(boolean b) {
      this.useMasterAsCompute = b;
      return this;
    }

    /**
     * Adds a public key file for the master's authorized_keys.
     *
     * @param path the path on the machine BiBiGrid runs on
     * @return this builder
     */
    public Builder addSshPublicKeyFile(String path) {
      this.sshPublicKeyFiles.add(path);
      return this;
    }

    /**
     * Builds the entry (not validated: see {@link BibigridConfiguration#validate()}).
     *
     * @return the entry
     */
    public CloudConfiguration build() {
      CloudConfiguration b = base;
      return new CloudConfiguration(infrastructure, cloud, cloudIdentifier, sshUser, network, subnet,
          sshPublicKeyFiles, b == null ? null : b.sshTimeout, b == null ? null : b.cloudScheduling,
          b == null ? null : b.nfsShares, b == null ? null : b.userRoles, b == null ? null : b.localFS,
          b == null ? null : b.localDnsLookup, b == null ? null : b.slurm, b == null ? null : b.slurmConf,
          b == null ? null : b.zabbix, b == null ? null : b.nfs, b == null ? null : b.ide,
          useMasterAsCompute, b == null ? null : b.useMasterWithPublicIp,
          b == null ? null : b.waitForServices, b == null ? null : b.gateway,
          b == null ? null : b.dontUploadCredentials, b == null ? null : b.fallbackOnOtherImage,
          b == null ? null : b.features, b == null ? null : b.securityGroups, masterInstance,
          vpnInstance, workerInstances, b == null ? null : b.bootVolume, b == null ? null : b.meta,
          b == null ? null : b.noAllPartition);
    }
  }
}
