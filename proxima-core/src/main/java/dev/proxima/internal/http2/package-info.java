/**
 * HTTP/2 (RFC 9113) inside Proxima. The frame layer lives here: {@link
 * dev.proxima.internal.http2.FrameReader} turns bytes into calls on a {@link
 * dev.proxima.internal.http2.FrameHandler} and enforces the framing rules of RFC 9113 §4–§6;
 * {@link dev.proxima.internal.http2.FrameWriter} turns calls into bytes. Stream states, flow
 * control and the connection's own rules are built on top of them.
 *
 * <p>Internal: not an API of Proxima; it may change in any release.
 */
package dev.proxima.internal.http2;
