package de.denbi.spe.benchmarks.wes;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The log of one task of a run (WES 1.1 {@code TaskLog}).
 *
 * @param id the task's id
 * @param name the task's name
 * @param cmd the command line
 * @param startTime when it started
 * @param endTime when it ended
 * @param stdout URL of the standard output
 * @param stderr URL of the standard error
 * @param exitCode the exit code
 * @param systemLogs system messages
 * @param tags free key/value tags
 */
public record TaskLog(
    @JsonProperty("id") String id,
    @JsonProperty("name") String name,
    @JsonProperty("cmd") List<String> cmd,
    @JsonProperty("start_time") String startTime,
    @JsonProperty("end_time") String endTime,
    @JsonProperty("stdout") String stdout,
    @JsonProperty("stderr") String stderr,
    @JsonProperty("exit_code") Integer exitCode,
    @JsonProperty("system_logs") List<String> systemLogs,
    @JsonProperty("tags") Map<String, String> tags) {}
