/** Implementation details of spe-compute; not API. */
package de.denbi.spe.compute.internal;
