package de.denbi.spe.compute.slurm;

/**
 * A SLURM partition.
 *
 * @param name its name
 * @param up whether it accepts and runs jobs
 * @param isDefault whether it is the cluster's default partition
 * @param timeLimit its maximum time limit as SLURM prints it ({@code infinite}, {@code 1-00:00:00})
 * @param nodes how many nodes it has
 * @param cpus how many CPUs it has (total)
 * @since 0.1.0
 */
public record Partition(
    String name, boolean up, boolean isDefault, String timeLimit, int nodes, int cpus) {}
