/** Internals of spe-auth: not API, may change in any release. */
package de.denbi.spe.auth.internal;
