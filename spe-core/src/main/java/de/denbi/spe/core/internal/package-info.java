/**
 * Implementation details of spe-core. Not API: may change in any release.
 */
package de.denbi.spe.core.internal;
