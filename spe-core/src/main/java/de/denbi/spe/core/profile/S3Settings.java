package de.denbi.spe.core.profile;

import java.net.URI;

/**
 * The site's S3 store (MinIO, Ceph RGW) and its STS endpoint.
 *
 * @param endpoint the S3 endpoint
 * @param region the signing region (default {@code us-east-1})
 * @param pathStyle whether to use path-style bucket addressing (default true)
 * @param stsEndpoint the STS endpoint for AssumeRoleWithWebIdentity, or {@code null}
 * @param roleArn the role to assume with STS, or {@code null}
 * @since 0.1.0
 */
public record S3Settings(URI endpoint, String region, boolean pathStyle, URI stsEndpoint, String roleArn) {}
