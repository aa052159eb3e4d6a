package de.denbi.spe.compute.slurm;

import java.util.List;

/**
 * A compute node.
 *
 * @param name the node name
 * @param state its state as SLURM names it ({@code idle}, {@code mixed}, {@code down*}, ...)
 * @param cpus its CPUs
 * @param memoryMb its real memory in MB
 * @param gres its generic resources, e.g. {@code gpu:a100:4}; empty if none
 * @param partitions the partitions it belongs to
 * @since 0.1.0
 */
public record Node(
    String name, String state, int cpus, long memoryMb, String gres, List<String> partitions) {

  /** Copies the partitions. */
  public Node {
    partitions = List.copyOf(partitions);
    gres = gres == null || gres.equals("(null)") ? "" : gres;
  }
}
