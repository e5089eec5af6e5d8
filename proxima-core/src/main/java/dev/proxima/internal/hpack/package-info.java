/**
 * HPACK, the header compression of HTTP/2 (RFC 7541): {@link
 * dev.proxima.internal.hpack.HpackEncoder} and {@link dev.proxima.internal.hpack.HpackDecoder}
 * each hold one direction's compression context of a connection.
 *
 * <p>Only the HPACK rules are checked here; what the fields mean (pseudo-headers, lower-case
 * names, forbidden connection headers) is for the HTTP/2 layer to validate.
 */
package dev.proxima.internal.hpack;
