/** Examples for spe-compute: SLURM jobs over SSH or slurmrestd, BiBiGrid preflight on OpenStack. */
package de.denbi.spe.examples.compute;
