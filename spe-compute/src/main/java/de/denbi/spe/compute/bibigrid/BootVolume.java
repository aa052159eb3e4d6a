package de.denbi.spe.compute.bibigrid;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a server boots from ({@code bootVolume}).
 *
 * @param name an existing volume to boot from, or null for a new one
 * @param terminate whether the volume is deleted with the server (BiBiGrid default true)
 * @param size its size in GB (BiBiGrid default 50)
 * @since 0.1.0
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BootVolume(String name, Boolean terminate, Integer size) {}
