package dev.proxima.internal.http2;

import dev.proxima.internal.io.Connection;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection's socket before it opens, as other threads find it: still connecting, then
 * registered (under TLS the handshake comes next). A close asked for while it is still connecting
 * is carried out as soon as it registers; a task asked for before it opens (a PING) is kept to run
 * on its loop when it opens, or, if it closes without opening, when it closes: then the task finds
 * the connection closed and fails what it was asked for, rather than wait for an open that will
 * not come.
 *
 * <p>The connection makes it with itself and drops it once open: from then on other threads find
 * the open socket in the connection's volatile field, which the connection sets before it calls
 * {@link #end}. So a thread that finds this object already open finds that field set.
 *
 * <p>Threading: any thread; its state is guarded by its own monitor.
 */
final class SocketOpening {
  /** The socket from registration on: what a close acts on while a TLS handshake is going. */
  private Connection registered;
  /** A close came while the socket was still connecting: it is closed when it registers. */
  private boolean closeOnRegistration;
  /** Tasks kept for the open; made at the first one, null when there is none. */
  private List<Runnable> tasks;
  /** The connection opened, or closed without opening: no task is kept any more. */
  private boolean ended;

  /** The socket is registered; returns true when a close came before, so it must close now. */
  synchronized boolean registered(Connection socket) {
    registered = socket;
    return closeOnRegistration;
  }

  /**
   * What a close acts on: the registered socket. Null while the socket is still connecting: then
   * {@link #registered} says to close it.
   */
  synchronized Connection toClose() {
    if (registered == null) {
      closeOnRegistration = true;
    }
    return registered;
  }

  /**
   * Keeps {@code task} to run when the connection opens; false when it opened already, or closed
   * without opening (then it finds the connection closed wherever it runs).
   */
  synchronized boolean runWhenOpen(Runnable task) {
    if (ended) {
      return false;
    }
    if (tasks == null) {
      tasks = new ArrayList<>();
    }
    tasks.add(task);
    return true;
  }

  /**
   * The connection opened, or closed without opening: returns the tasks kept, or null, for the
   * caller to run now; no more are kept.
   */
  synchronized List<Runnable> end() {
    ended = true;
    List<Runnable> kept = tasks;
    tasks = null;
    return kept;
  }
}
