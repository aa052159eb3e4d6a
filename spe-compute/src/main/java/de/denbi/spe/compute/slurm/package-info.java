/**
 * SLURM jobs: one {@link de.denbi.spe.compute.slurm.SlurmClient} interface with two transports,
 * {@link de.denbi.spe.compute.slurm.SlurmSshClient} (the login node over SSH, pooled) and
 * {@link de.denbi.spe.compute.slurm.SlurmRestClient} (slurmrestd with a JWT); typed
 * {@link de.denbi.spe.compute.slurm.JobSpec}s whose every value is quoted before it reaches a
 * shell; workflows (Snakemake, Nextflow) run as SLURM jobs
 * ({@link de.denbi.spe.compute.slurm.WorkflowJob}).
 */
package de.denbi.spe.compute.slurm;
