/**
 * GA4GH Workflow Execution Service (WES) client for WES 1.0.0 and 1.1.0 servers and for
 * WESkit, the WES server de.NBI sites run in front of Snakemake and Nextflow.
 *
 * <p>Start with {@link de.denbi.spe.wes.WesClient#builder()}; run requests are built with
 * {@link de.denbi.spe.wes.RunRequest#builder()}.
 */
package de.denbi.spe.wes;
