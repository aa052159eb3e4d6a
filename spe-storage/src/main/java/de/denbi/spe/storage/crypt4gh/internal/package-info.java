/** Internals of the Crypt4GH support: not API, may change in any release. */
package de.denbi.spe.storage.crypt4gh.internal;
