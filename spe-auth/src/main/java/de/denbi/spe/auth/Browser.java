package de.denbi.spe.auth;

import java.io.PrintStream;
import java.net.URI;
import java.util.Objects;

/**
 * Opens the authorization URL of a browser login. {@link #systemOrPrint(PrintStream)} uses the
 * desktop's browser when there is one and prints the URL otherwise (a headless VM, a container,
 * SSH).
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Browser {

  /**
   * Shows the user the URL.
   *
   * @param uri the authorization URL
   */
  void open(URI uri);

  /**
   * Prints the URL for the user to open.
   *
   * @param out where to print (e.g. {@code System.err})
   * @return the browser
   */
  static Browser print(PrintStream out) {
    Objects.requireNonNull(out, "out");
    return uri -> out.println("Open this URL in a browser to log in:\n  " + uri);
  }

  /**
   * The desktop's browser if there is one, else prints the URL.
   *
   * @param out where to print when there is no browser
   * @return the browser
   */
  static Browser systemOrPrint(PrintStream out) {
    Browser print = print(out);
    return uri -> {
      try {
        if (!java.awt.GraphicsEnvironment.isHeadless()
            && java.awt.Desktop.isDesktopSupported()
            && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
          java.awt.Desktop.getDesktop().browse(uri);
          out.println("A browser window was opened to log in. If it did not appear, open:\n  " + uri);
          return;
        }
      } catch (java.io.IOException | RuntimeException e) {
        // no usable browser: fall through to printing
      }
      print.open(uri);
    };
  }
}
