package dev.proxima.protobuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.StringValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.proxima.CallOptions;
import dev.proxima.ChannelBuilder;
import dev.proxima.ManagedChannel;
import dev.proxima.MethodDescriptor;
import dev.proxima.Server;
import dev.proxima.ServerBuilder;
import dev.proxima.Status;
import dev.proxima.StatusException;
import dev.proxima.ServiceDefinition;
import dev.proxima.stub.ClientCalls;
import dev.proxima.stub.ServerCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Protobuf messages over real calls: binary ({@code application/grpc}) and JSON ({@code application/grpc+json}). */
@Timeout(20)
class ProtobufCallsTest {
  private Server server;
  private ManagedChannel channel;

  @AfterEach
  void tearDown() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.shutdownNow();
    }
  }

  private static MethodDescriptor<StringValue, Struct> method(String name, boolean json) {
    return MethodDescriptor.<StringValue, Struct>builder()
        .type(MethodDescriptor.Type.UNARY)
        .fullMethodName("test.Proto/" + name)
        .requestMarshaller(json ? ProtoMarshallers.jsonMarshaller(StringValue.getDefaultInstance())
            : ProtoMarshallers.marshaller(StringValue.getDefaultInstance()))
        .responseMarshaller(json ? ProtoMarshallers.jsonMarshaller(Struct.getDefaultInstance())
            : ProtoMarshallers.marshaller(Struct.getDefaultInstance()))
        .build();
  }

  /** Serves the method with {@code serverJson} marshallers, calls it with {@code clientJson} ones. */
  private Struct call(boolean serverJson, boolean clientJson) throws Exception {
    MethodDescriptor<StringValue, Struct> m = method("Echo", serverJson);
    ServiceDefinition service = ServiceDefinition.builder("test.Proto")
        .addMethod(m, ServerCalls.unaryCall(req -> Struct.newBuilder()
            .putFields("echo", Value.newBuilder().setStringValue(req.getValue()).build())
            .putFields("length", Value.newBuilder().setNumberValue(req.getValue().length()).build())
            .build()))
        .build();
    server = ServerBuilder.forPort(0).addService(service).build().start();
    channel = ChannelBuilder.forAddress("127.0.0.1", server.port()).build();
    return ClientCalls.blockingUnaryCall(channel, method("Echo", clientJson), CallOptions.DEFAULT,
        StringValue.of("h\u00e9llo"));
  }

  @Test
  void binaryProtobufRoundTrip() throws Exception {
    Struct reply = call(false, false);
    assertEquals("h\u00e9llo", reply.getFieldsOrThrow("echo").getStringValue());
    assertEquals(5.0, reply.getFieldsOrThrow("length").getNumberValue());
  }

  @Test
  void jsonRoundTripUsesGrpcJson() throws Exception {
    assertEquals("json", ProtoMarshallers.jsonMarshaller(StringValue.getDefaultInstance()).contentSubtype());
    Struct reply = call(true, true);
    assertEquals("h\u00e9llo", reply.getFieldsOrThrow("echo").getStringValue());
  }

  @Test
  void jsonServerCannotReadBinaryRequests() {
    StatusException e = assertThrows(StatusException.class, () -> call(true, false));
    assertEquals(Status.Code.INTERNAL, e.status().code(), "the bytes on the wire really are JSON vs binary");
  }
}
