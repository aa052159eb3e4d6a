/** Fault injection for tests: a TCP proxy that cuts connections at chosen points. */
package de.denbi.spe.testkit.faults;
