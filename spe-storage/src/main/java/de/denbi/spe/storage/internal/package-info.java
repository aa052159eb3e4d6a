/** Internals of spe-storage: not API, may change in any release. */
package de.denbi.spe.storage.internal;
