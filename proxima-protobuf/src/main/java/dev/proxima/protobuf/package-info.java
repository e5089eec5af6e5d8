/**
 * Protobuf support for Proxima: {@link dev.proxima.Marshaller}s for protobuf-java messages, in the
 * binary wire format ({@code application/grpc}, {@code application/grpc+proto}) and in the proto3
 * JSON mapping ({@code application/grpc+json}). Start at {@link
 * dev.proxima.protobuf.ProtoMarshallers}.
 */
package dev.proxima.protobuf;
