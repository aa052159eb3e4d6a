/**
 * Cluster accounts for a project's researchers, the way the de.NBI SPE adds them: a user
 * without sudo on the master and every worker, with the researcher's public key in
 * {@code ~/.ssh/authorized_keys} (modes 700/600). See
 * {@link de.denbi.spe.compute.accounts.ClusterAccounts}.
 */
package de.denbi.spe.compute.accounts;
