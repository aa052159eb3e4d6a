package de.denbi.spe.tes;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One uploaded output file (wildcard and directory outputs are listed file by file).
 *
 * @param url where the file was uploaded
 * @param path its path in the container
 * @param sizeBytes its size; a string on the wire (int64 in JSON), read from a string or a
 *     number; null when the server left it out
 * @since 0.1.0
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TesOutputFileLog(
    String url, String path, @JsonFormat(shape = JsonFormat.Shape.STRING) Long sizeBytes) {}
