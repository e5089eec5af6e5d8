package dev.proxima.protobuf;

import com.google.protobuf.Message;
import dev.proxima.Marshaller;

/**
 * A {@link Marshaller} for one protobuf message type, as made by {@link ProtoMarshallers}. Besides
 * turning messages into bytes it tells which message type it handles (for reflection and for
 * generated code) and which gRPC content subtype its bytes are.
 *
 * <p>The core has no protobuf dependency; code that wants these facts tests a marshaller with
 * {@code instanceof ProtoMarshaller} (or a core-side hook that this interface can later extend).
 *
 * @param <T> the message type
 */
public interface ProtoMarshaller<T extends Message> extends Marshaller<T> {
  /** The default instance of the message type: its descriptor, parser and builders hang off it. */
  T defaultInstance();

  /**
   * The gRPC content subtype of the bytes: {@code ""} for the binary protobuf format (sent as plain
   * {@code application/grpc}, which means protobuf) and {@code "json"} for the proto3 JSON mapping
   * ({@code application/grpc+json}).
   */
  String contentSubtype();
}
