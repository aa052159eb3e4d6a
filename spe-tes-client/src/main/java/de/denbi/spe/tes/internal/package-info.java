/** Internals of the TES client: not API, may change in any release. */
package de.denbi.spe.tes.internal;
