/**
 * The gRPC wire protocol on top of our HTTP/2 layer, as gRPC's PROTOCOL-HTTP2 document defines
 * it: the reserved header names and their value formats ({@link
 * dev.proxima.internal.grpc.GrpcHeaders}, {@link dev.proxima.internal.grpc.GrpcTimeout}, {@link
 * dev.proxima.internal.grpc.StatusMessage}), custom metadata as header fields ({@link
 * dev.proxima.internal.grpc.MetadataCodec}), and Length-Prefixed-Messages in DATA frames ({@link
 * dev.proxima.internal.grpc.MessageFramer}, {@link dev.proxima.internal.grpc.MessageDeframer}),
 * optionally compressed ({@link dev.proxima.internal.grpc.Compressors}).
 *
 * <p>These are building blocks without I/O: calls and transports combine them.
 */
package dev.proxima.internal.grpc;
