/**
 * BiBiGrid 3.x: a typed model of its cluster configuration
 * ({@link de.denbi.spe.compute.bibigrid.BibigridConfiguration}, read and written as the YAML
 * BiBiGrid uses, validated with messages that name the bad key) and a client for its REST API
 * ({@link de.denbi.spe.compute.bibigrid.BibigridClient}).
 */
package de.denbi.spe.compute.bibigrid;
