/** Internals of the WES client: not API, may change without notice. */
package de.denbi.spe.wes.internal;
