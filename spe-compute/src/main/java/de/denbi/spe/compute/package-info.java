/**
 * Compute for Secure Processing Environments: SSH connections to a cluster's login node
 * ({@link de.denbi.spe.compute.SshConnection}) with SFTP staging, shared by the SLURM client
 * ({@code de.denbi.spe.compute.slurm}), cluster accounts ({@code de.denbi.spe.compute.accounts}),
 * BiBiGrid ({@code de.denbi.spe.compute.bibigrid}) and OpenStack
 * ({@code de.denbi.spe.compute.openstack}).
 */
package de.denbi.spe.compute;
