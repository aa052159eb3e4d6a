package de.denbi.spe.tes.internal;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;

/** Helpers of the federation. */
public final class FederationSupport {
  private FederationSupport() {}

  /**
   * Whether a failure certainly happened before the request left: the connection could not be
   * opened (refused, no route, unknown host). Only then may a task submission go elsewhere.
   *
   * @param t the failure
   * @return true if the request was certainly not sent
   */
  public static boolean neverSent(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConnectException
          || c instanceof UnknownHostException
          || c instanceof NoRouteToHostException
          || c instanceof PortUnreachableException) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }
}
