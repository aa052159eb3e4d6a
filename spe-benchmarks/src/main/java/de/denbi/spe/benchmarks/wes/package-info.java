/** The GA4GH WES reply the benchmarks decode, as records (kept here, not in a client module). */
package de.denbi.spe.benchmarks.wes;
