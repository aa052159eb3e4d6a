/**
 * OpenStack for BiBiGrid clusters: {@link de.denbi.spe.compute.openstack.OpenStackClient}
 * (openstack4j with application-credential or password authentication, on the build's OkHttp),
 * an inventory of flavors, images, networks, quotas and servers, and the
 * {@link de.denbi.spe.compute.openstack.Preflight} check of a BiBiGrid configuration against the
 * cloud.
 */
package de.denbi.spe.compute.openstack;
