/** Implementation details of the OpenStack support; not API. */
package de.denbi.spe.compute.openstack.internal;
