package de.denbi.spe.core.profile;

import java.net.URI;

/**
 * The site's SLURM cluster.
 *
 * @param loginHost the SSH login host, or {@code null}
 * @param sshPort the SSH port (default 22)
 * @param restUrl the slurmrestd URL, or {@code null}
 * @since 0.1.0
 */
public record SlurmSettings(String loginHost, int sshPort, URI restUrl) {}
