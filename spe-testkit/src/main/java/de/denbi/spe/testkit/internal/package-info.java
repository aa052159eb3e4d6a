/** Implementation details of spe-testkit; not an API, may change without notice. */
package de.denbi.spe.testkit.internal;
