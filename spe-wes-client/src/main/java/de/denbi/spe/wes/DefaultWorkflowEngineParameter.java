package de.denbi.spe.wes;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * An engine parameter a server accepts, with its type and default, from service-info.
 *
 * @param name the parameter's name, as it must be sent in {@code workflow_engine_parameters}
 * @param type its type as the server describes it (e.g. {@code int}, {@code Optional[str]})
 * @param defaultValue the default, as a string, or {@code null}
 * @param engine the engine it belongs to when the server groups parameters by engine (WESkit),
 *     else {@code null}
 * @param engineVersion the engine version it belongs to (WESkit), else {@code null}
 * @since 0.1.0
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DefaultWorkflowEngineParameter(
    String name, String type, String defaultValue, String engine, String engineVersion) {}
