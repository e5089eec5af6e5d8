/**
 * The seam between the call layer and a wire: client and server streams carrying serialized
 * messages, metadata and status. HTTP/2 implements it in {@code dev.proxima.internal.grpc}.
 */
package dev.proxima.internal.transport;
