package de.denbi.spe.compute.bibigrid;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * SLURM settings of the cluster ({@code slurmConf}). The database password and munge key are
 * secrets: {@code toString()} hides them.
 *
 * @param db the accounting database name
 * @param dbUser its user
 * @param dbPassword its password (secret)
 * @param mungeKey the munge key (secret)
 * @param elasticScheduling timeouts of on-demand nodes
 * @since 0.1.0
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SlurmConf(
    String db,
    @JsonProperty("db_user") String dbUser,
    @JsonProperty("db_password") String dbPassword,
    @JsonProperty("munge_key") String mungeKey,
    @JsonProperty("elastic_scheduling") ElasticScheduling elasticScheduling) {

  /**
   * Timeouts of on-demand nodes ({@code slurmConf.elastic_scheduling}).
   *
   * @param suspendTime seconds idle before a node is powered down
   * @param suspendTimeout seconds a power-down may take
   * @param resumeTimeout seconds a power-up may take
   * @param treeWidth SLURM's TreeWidth
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record ElasticScheduling(
      @JsonProperty("SuspendTime") Integer suspendTime,
      @JsonProperty("SuspendTimeout") Integer suspendTimeout,
      @JsonProperty("ResumeTimeout") Integer resumeTimeout,
      @JsonProperty("TreeWidth") Integer treeWidth) {}

  @Override
  public String toString() {
    return "SlurmConf[db=" + db + ", dbUser=" + dbUser + ", dbPassword="
        + (dbPassword == null ? null : "REDACTED") + ", mungeKey="
        + (mungeKey == null ? null : "REDACTED") + ", elasticScheduling=" + elasticScheduling + "]";
  }
}
