/** Implementation details of the SLURM clients; not API. */
package de.denbi.spe.compute.slurm.internal;
