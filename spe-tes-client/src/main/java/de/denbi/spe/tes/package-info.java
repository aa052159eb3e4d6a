/**
 * A GA4GH Task Execution Service (TES 1.0/1.1) client for TESK, Funnel and any other TES
 * server, and {@link de.denbi.spe.tes.TesFederation} over several of them.
 *
 * <p>Start with {@link de.denbi.spe.tes.TesClient#builder()} and {@link
 * de.denbi.spe.tes.TesTask#builder()}.
 */
package de.denbi.spe.tes;
