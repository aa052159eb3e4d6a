package de.denbi.spe.storage.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** Minimal, hardened XML reading for STS and S3 error replies (no DTDs, no external entities). */
public final class Xml {
  private Xml() {}

  /**
   * Parses a document.
   *
   * @param bytes the XML
   * @return the document
   * @throws IOException if it is not well-formed XML
   */
  public static Document parse(byte[] bytes) throws IOException {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      f.setNamespaceAware(false);
      DocumentBuilder b = f.newDocumentBuilder();
      b.setErrorHandler(null);
      return b.parse(new ByteArrayInputStream(bytes));
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("not well-formed XML: " + e.getMessage(), e);
    }
  }

  /**
   * The text of the first element with this (local) name anywhere in the document.
   *
   * @param doc the document
   * @param name the element name
   * @return the trimmed text, or null when absent
   */
  public static String text(Document doc, String name) {
    NodeList list = doc.getElementsByTagName(name);
    if (list.getLength() == 0) {
      return null;
    }
    String t = ((Element) list.item(0)).getTextContent();
    return t == null ? null : t.strip();
  }

  /**
   * The text of the first {@code <name>} element in a string, without a full parse (for error
   * messages that may be truncated).
   *
   * @param xml the text
   * @param name the element
   * @return the text, or null
   */
  public static String element(String xml, String name) {
    if (xml == null) {
      return null;
    }
    int s = xml.indexOf("<" + name + ">");
    if (s < 0) {
      return null;
    }
    s += name.length() + 2;
    int e = xml.indexOf("</" + name + ">", s);
    return e < 0 ? null : xml.substring(s, e).strip();
  }
}
