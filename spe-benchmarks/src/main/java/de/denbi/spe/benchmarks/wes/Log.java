package de.denbi.spe.benchmarks.wes;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The log of a whole run ({@code run_log}).
 *
 * @param name the name
 * @param cmd the command line
 * @param startTime when it started (ISO-8601, kept as text as WES servers differ in format)
 * @param endTime when it ended
 * @param stdout URL of the standard output
 * @param stderr URL of the standard error
 * @param exitCode the exit code
 * @param systemLogs system messages
 */
public record Log(
    @JsonProperty("name") String name,
    @JsonProperty("cmd") List<String> cmd,
    @JsonProperty("start_time") String startTime,
    @JsonProperty("end_time") String endTime,
    @JsonProperty("stdout") String stdout,
    @JsonProperty("stderr") String stderr,
    @JsonProperty("exit_code") Integer exitCode,
    @JsonProperty("system_logs") List<String> systemLogs) {}
