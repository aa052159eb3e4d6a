/** Implementation details of the BiBiGrid support; not API. */
package de.denbi.spe.compute.bibigrid.internal;
