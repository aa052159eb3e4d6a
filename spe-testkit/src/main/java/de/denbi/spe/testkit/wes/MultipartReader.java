package de.denbi.spe.testkit.wes;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A streaming multipart/form-data reader: each part's body is passed to a sink as it arrives,
 * so a part of any size costs a fixed amount of memory.
 */
final class MultipartReader {
  private static final int MAX_HEADER_BYTES = 16 * 1024;

  /** Receives parts. */
  interface PartHandler {
    /**
     * A part starts.
     *
     * @param headers its headers, names in lower case
     * @return where its body goes
     * @throws IOException to abort
     */
    OutputStream begin(Map<String, String> headers) throws IOException;

    /**
     * The part ended.
     *
     * @throws IOException to abort
     */
    void end() throws IOException;
  }

  private final InputStream in;
  private final byte[] delimiter; // CRLF--boundary
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int lim;

  MultipartReader(InputStream in, String boundary) {
    this.in = in;
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * The boundary of a multipart content type.
   *
   * @param contentType the header
   * @return the boundary, or null
   */
  static String boundary(String contentType) {
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      return null;
    }
    for (String p : contentType.split(";")) {
      String t = p.strip();
      if (t.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        String b = t.substring(9);
        if (b.startsWith("\"") && b.endsWith("\"") && b.length() >= 2) {
          b = b.substring(1, b.length() - 1);
        }
        return b.isEmpty() ? null : b;
      }
    }
    return null;
  }

  /**
   * A parameter of a Content-Disposition header, e.g. {@code name} or {@code filename}.
   *
   * @param disposition the header value
   * @param param the parameter
   * @return its (unquoted) value, or null
   */
  static String dispositionParam(String disposition, String param) {
    if (disposition == null) {
      return null;
    }
    int i = 0;
    String d = disposition;
    while (i < d.length()) {
      int semi = d.indexOf(';', i);
      if (semi < 0) {
        return null;
      }
      int j = semi + 1;
      while (j < d.length() && d.charAt(j) == ' ') {
        j++;
      }
      int eq = d.indexOf('=', j);
      if (eq < 0) {
        return null;
      }
      String key = d.substring(j, eq).strip().toLowerCase(Locale.ROOT);
      String value;
      int next;
      if (eq + 1 < d.length() && d.charAt(eq + 1) == '"') {
        StringBuilder sb = new StringBuilder();
        int k = eq + 2;
        while (k < d.length() && d.charAt(k) != '"') {
          char c = d.charAt(k);
          if (c == '\\' && k + 1 < d.length()) {
            k++;
            c = d.charAt(k);
          }
          sb.append(c);
          k++;
        }
        value = sb.toString();
        next = k + 1;
      } else {
        int end = d.indexOf(';', eq + 1);
        value = (end < 0 ? d.substring(eq + 1) : d.substring(eq + 1, end)).strip();
        next = end < 0 ? d.length() : end;
      }
      if (key.equals(param)) {
        return value;
      }
      i = next;
    }
    return null;
  }

  /**
   * Reads every part.
   *
   * @param handler gets the parts
   * @throws IOException on malformed input or a handler's failure
   */
  void read(PartHandler handler) throws IOException {
    // the preamble: skip to the first delimiter (which may lack the leading CRLF)
    byte[] first = java.util.Arrays.copyOfRange(delimiter, 2, delimiter.length);
    skipTo(first);
    while (true) {
      int a = readByte();
      int b = readByte();
      if (a == '-' && b == '-') {
        return; // close delimiter
      }
      while (a != '\r' || b != '\n') { // transport padding
        if (a < 0) {
          throw new IOException("multipart body ends inside a boundary line");
        }
        a = b;
        b = readByte();
      }
      Map<String, String> headers = readHeaders();
      OutputStream sink = handler.begin(headers);
      copyUntilDelimiter(sink);
      handler.end();
    }
  }

  private Map<String, String> readHeaders() throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int total = 0;
    while (true) {
      int c = readByte();
      if (c < 0) {
        throw new IOException("multipart body ends inside part headers");
      }
      if (++total > MAX_HEADER_BYTES) {
        throw new IOException("multipart part headers longer than " + MAX_HEADER_BYTES + " bytes");
      }
      if (c == '\n') {
        String l = line.toString(StandardCharsets.UTF_8);
        if (l.endsWith("\r")) {
          l = l.substring(0, l.length() - 1);
        }
        line.reset();
        if (l.isEmpty()) {
          return headers;
        }
        int colon = l.indexOf(':');
        if (colon > 0) {
          headers.put(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
        }
      } else {
        line.write(c);
      }
    }
  }

  /** Streams bytes to the sink until the delimiter; D[0] ('\r') never recurs in D. */
  private void copyUntilDelimiter(OutputStream sink) throws IOException {
    int matched = 0;
    byte[] out = new byte[buf.length];
    int outLen = 0;
    while (true) {
      if (pos >= lim && !fill()) {
        throw new IOException("multipart body ends inside a part");
      }
      byte c = buf[pos++];
      if (c == delimiter[matched]) {
        matched++;
        if (matched == delimiter.length) {
          if (outLen > 0) {
            sink.write(out, 0, outLen);
          }
          return;
        }
        continue;
      }
      if (matched > 0) {
        if (outLen + matched > out.length) {
          sink.write(out, 0, outLen);
          outLen = 0;
        }
        System.arraycopy(delimiter, 0, out, outLen, matched);
        outLen += matched;
        matched = 0;
        if (c == delimiter[0]) {
          matched = 1;
          continue;
        }
      }
      if (outLen == out.length) {
        sink.write(out, 0, outLen);
        outLen = 0;
      }
      out[outLen++] = c;
    }
  }

  private void skipTo(byte[] pattern) throws IOException {
    int matched = 0;
    while (true) {
      int c = readByte();
      if (c < 0) {
        throw new IOException("no multipart boundary found");
      }
      if (c == (pattern[matched] & 0xff)) {
        if (++matched == pattern.length) {
          return;
        }
      } else {
        matched = c == (pattern[0] & 0xff) ? 1 : 0;
      }
    }
  }

  private int readByte() throws IOException {
    if (pos >= lim && !fill()) {
      return -1;
    }
    return buf[pos++] & 0xff;
  }

  private boolean fill() throws IOException {
    int n = in.read(buf, 0, buf.length);
    if (n <= 0) {
      return false;
    }
    pos = 0;
    lim = n;
    return true;
  }
}
