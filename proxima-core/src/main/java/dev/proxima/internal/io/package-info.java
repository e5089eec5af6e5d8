/**
 * The I/O layer: event loops on JDK NIO that move bytes between sockets and protocol handlers. It
 * knows nothing of HTTP/2.
 *
 * <ul>
 *   <li>{@link dev.proxima.internal.io.EventLoopGroup}: a fixed set of loops, one thread each;
 *   <li>{@link dev.proxima.internal.io.EventLoop}: one thread and selector running socket events,
 *       tasks and timers ({@link dev.proxima.internal.io.TimerWheel}) in turns;
 *   <li>{@link dev.proxima.internal.io.NioConnection}: one socket owned by one loop, with its
 *       {@link dev.proxima.internal.io.ConnectionHandler} and
 *       {@link dev.proxima.internal.io.OutboundBuffer};
 *   <li>{@link dev.proxima.internal.io.ServerAcceptor}: a listening socket spreading accepted
 *       connections over a group;
 *   <li>{@link dev.proxima.internal.io.Connection}: what a handler writes to, the socket itself or
 *       the plaintext side of {@link dev.proxima.internal.io.TlsHandler}, TLS on the loop with a
 *       JDK {@code SSLEngine} (key material from PEM files: {@link dev.proxima.internal.io.PemFiles},
 *       {@link dev.proxima.internal.io.TlsEngines}). TLS knows of HTTP/2 only the ALPN name it is
 *       given.
 * </ul>
 *
 * <p>The rule everywhere: state owned by a loop is touched only on that loop's thread; other
 * threads hand work over with {@link dev.proxima.internal.io.EventLoop#execute}. Each class's
 * javadoc states which of its methods are safe from any thread.
 */
package dev.proxima.internal.io;
