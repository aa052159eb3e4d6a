package de.denbi.spe.storage.internal;

import de.denbi.spe.storage.S3Credentials;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.w3c.dom.Document;

/** Reads an AssumeRoleWithWebIdentity reply (AWS, MinIO, Ceph RGW dialects). */
public final class StsReply {
  private StsReply() {}

  /**
   * The credentials in a reply.
   *
   * @param body the XML body
   * @return the credentials
   * @throws IOException if the reply is not XML or lacks a field (the message names it, never a
   *     value)
   */
  public static S3Credentials parse(byte[] body) throws IOException {
    Document doc = Xml.parse(body);
    String ak = Xml.text(doc, "AccessKeyId");
    String sk = Xml.text(doc, "SecretAccessKey");
    String st = Xml.text(doc, "SessionToken");
    String exp = Xml.text(doc, "Expiration");
    if (ak == null || ak.isEmpty()) {
      throw new IOException("the STS reply has no Credentials/AccessKeyId");
    }
    if (sk == null || sk.isEmpty()) {
      throw new IOException("the STS reply has no Credentials/SecretAccessKey");
    }
    if (st == null || st.isEmpty()) {
      throw new IOException("the STS reply has no Credentials/SessionToken");
    }
    if (exp == null || exp.isEmpty()) {
      throw new IOException("the STS reply has no Credentials/Expiration");
    }
    Instant expiry;
    try {
      expiry = Times.parseIso(exp);
    } catch (DateTimeParseException e) {
      throw new IOException("the STS reply's Expiration is not an ISO-8601 time: " + exp, e);
    }
    return new S3Credentials(ak, sk, st, expiry);
  }
}
