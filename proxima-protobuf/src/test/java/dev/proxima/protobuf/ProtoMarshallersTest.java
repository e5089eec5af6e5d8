package dev.proxima.protobuf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Any;
import com.google.protobuf.BytesValue;
import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Duration;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Int32Value;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.Message;
import com.google.protobuf.StringValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import dev.proxima.Marshaller;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

final class ProtoMarshallersTest {
  private static final FileDescriptorProto FILE = FileDescriptorProto.newBuilder()
      .setName("demo/greeter.proto")
      .setPackage("demo")
      .setSyntax("proto3")
      .addDependency("google/protobuf/timestamp.proto")
      .addMessageType(DescriptorProto.newBuilder()
          .setName("Hello")
          .addField(FieldDescriptorProto.newBuilder()
              .setName("user_name").setJsonName("userName").setNumber(1)
              .setType(FieldDescriptorProto.Type.TYPE_STRING)
              .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL))
          .addNestedType(DescriptorProto.newBuilder().setName("Inner")
              .addField(FieldDescriptorProto.newBuilder()
                  .setName("ids").setNumber(2)
                  .setType(FieldDescriptorProto.Type.TYPE_INT64)
                  .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED))))
      .build();

  private static final Struct STRUCT = Struct.newBuilder()
      .putFields("name", Value.newBuilder().setStringValue("Grüße, 世界").build())
      .putFields("count", Value.newBuilder().setNumberValue(42).build())
      .putFields("list", Value.newBuilder().setListValue(ListValue.newBuilder()
          .addValues(Value.newBuilder().setBoolValue(true))
          .addValues(Value.newBuilder().setNullValueValue(0))).build())
      .build();

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] b = new byte[buffer.remaining()];
    buffer.duplicate().get(b);
    return b;
  }

  private static <T> T roundTrip(Marshaller<T> m, T message) throws IOException {
    return m.parse(new ByteArrayInputStream(bytes(m.serialize(message))));
  }

  /** Delivers one byte per read and says nothing is available, as a slow network stream might. */
  private static final class OneByteAtATime extends InputStream {
    private final byte[] data;
    private int pos;

    OneByteAtATime(byte[] data) {
      this.data = data;
    }

    @Override
    public int read() {
      return pos < data.length ? data[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      int c = read();
      if (c < 0) {
        return -1;
      }
      b[off] = (byte) c;
      return 1;
    }

    boolean atEnd() {
      return pos == data.length;
    }
  }

  /** Says its whole content is available, as a stream over one received buffer would. */
  private static final class OneChunk extends ByteArrayInputStream {
    int reads;

    OneChunk(byte[] data) {
      super(data);
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      reads++;
      return super.read(b, off, len);
    }
  }

  @Test
  void binaryRoundTripsRichMessage() throws IOException {
    ProtoMarshaller<FileDescriptorProto> m = ProtoMarshallers.marshaller(FileDescriptorProto.getDefaultInstance());
    assertEquals(FILE, roundTrip(m, FILE));
    assertArrayEquals(FILE.toByteArray(), bytes(m.serialize(FILE)));
  }

  @Test
  void binaryRoundTripsWellKnownTypes() throws IOException {
    assertEquals(STRUCT, roundTrip(ProtoMarshallers.marshaller(Struct.getDefaultInstance()), STRUCT));
    Timestamp ts = Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(123_000_000).build();
    assertEquals(ts, roundTrip(ProtoMarshallers.marshaller(Timestamp.getDefaultInstance()), ts));
    Duration d = Duration.newBuilder().setSeconds(-3).setNanos(-5).build();
    assertEquals(d, roundTrip(ProtoMarshallers.marshaller(Duration.getDefaultInstance()), d));
    Any any = Any.pack(STRUCT);
    assertEquals(any, roundTrip(ProtoMarshallers.marshaller(Any.getDefaultInstance()), any));
  }

  @Test
  void emptyMessageIsZeroBytesAndParsesFromEmptyStream() throws IOException {
    ProtoMarshaller<StringValue> m = ProtoMarshallers.marshaller(StringValue.getDefaultInstance());
    assertEquals(0, m.serialize(StringValue.getDefaultInstance()).remaining());
    assertEquals(StringValue.getDefaultInstance(), m.parse(new ByteArrayInputStream(new byte[0])));
    assertEquals(StringValue.getDefaultInstance(), m.parse(new OneByteAtATime(new byte[0])));
  }

  @Test
  void binaryParsesFromOneByteAtATime() throws IOException {
    ProtoMarshaller<FileDescriptorProto> m = ProtoMarshallers.marshaller(FileDescriptorProto.getDefaultInstance());
    OneByteAtATime in = new OneByteAtATime(FILE.toByteArray());
    assertEquals(FILE, m.parse(in));
    assertTrue(in.atEnd());
  }

  @Test
  void binaryParsesOneChunkInOneRead() throws IOException {
    ProtoMarshaller<Struct> m = ProtoMarshallers.marshaller(Struct.getDefaultInstance());
    OneChunk in = new OneChunk(STRUCT.toByteArray());
    assertEquals(STRUCT, m.parse(in));
    assertEquals(-1, in.read());
  }

  @Test
  void binaryParsesWhenAvailableUnderestimates() throws IOException {
    byte[] data = FILE.toByteArray();
    InputStream in = new ByteArrayInputStream(data) {
      @Override
      public synchronized int available() {
        return Math.min(3, super.available());
      }
    };
    assertEquals(FILE, ProtoMarshallers.marshaller(FileDescriptorProto.getDefaultInstance()).parse(in));
    assertEquals(-1, in.read());
  }

  @Test
  void binaryParsesTwentyMegabytes() throws IOException {
    byte[] payload = new byte[20 * 1024 * 1024];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 31 + (i >>> 13));
    }
    BytesValue big = BytesValue.newBuilder().setValue(ByteString.copyFrom(payload)).build();
    ProtoMarshaller<BytesValue> m = ProtoMarshallers.marshaller(BytesValue.getDefaultInstance());
    byte[] wire = bytes(m.serialize(big));
    assertEquals(big.getSerializedSize(), wire.length);
    // Through a stream that does not report its length, so the streaming path is taken.
    InputStream in = new ByteArrayInputStream(wire) {
      @Override
      public synchronized int available() {
        return 0;
      }
    };
    BytesValue parsed = m.parse(in);
    assertEquals(payload.length, parsed.getValue().size());
    assertTrue(Arrays.equals(payload, parsed.getValue().toByteArray()));
  }

  @Test
  void binaryAllowsMoreThanDefaultSizeLimitWhenStreaming() throws IOException {
    // Old protobuf-java versions limited CodedInputStream to 64 MiB by default; the transport
    // enforces the maximum message size, so the marshaller must not add a limit of its own.
    int size = 70 * 1024 * 1024;
    byte[] payload = new byte[size];
    payload[size - 1] = 7;
    BytesValue big = BytesValue.newBuilder().setValue(ByteString.copyFrom(payload)).build();
    byte[] wire = big.toByteArray();
    payload = null;
    big = null;
    InputStream in = new ByteArrayInputStream(wire) {
      @Override
      public synchronized int available() {
        return 0;
      }
    };
    BytesValue parsed = ProtoMarshallers.marshaller(BytesValue.getDefaultInstance()).parse(in);
    assertEquals(size, parsed.getValue().size());
    assertEquals(7, parsed.getValue().byteAt(size - 1));
  }

  @Test
  void malformedBinaryThrowsNamingType() {
    ProtoMarshaller<FileDescriptorProto> m = ProtoMarshallers.marshaller(FileDescriptorProto.getDefaultInstance());
    // Field 1 (name), length-delimited, claims 10 bytes but has 2.
    byte[] truncated = {0x0a, 0x0a, 'a', 'b'};
    for (InputStream in : new InputStream[] {new ByteArrayInputStream(truncated), new OneByteAtATime(truncated)}) {
      IOException e = assertThrows(IOException.class, () -> m.parse(in));
      assertInstanceOf(InvalidProtocolBufferException.class, e);
      assertTrue(e.getMessage().contains("google.protobuf.FileDescriptorProto"), e.getMessage());
    }
    // Wire type 7 does not exist.
    byte[] badTag = {0x0f, 0x00};
    IOException e = assertThrows(IOException.class, () -> m.parse(new ByteArrayInputStream(badTag)));
    assertTrue(e.getMessage().contains("google.protobuf.FileDescriptorProto"), e.getMessage());
  }

  @Test
  void aStrayEndGroupTagBeforeTheEndIsRejectedOnEveryPath() {
    ProtoMarshaller<FileDescriptorProto> m = ProtoMarshallers.marshaller(FileDescriptorProto.getDefaultInstance());
    // name = "ab", then an END_GROUP tag (field 1, wire type 4) with no group open, then more bytes.
    byte[] stray = {0x0a, 0x02, 'a', 'b', 0x0c, 0x0a, 0x01, 'c'};
    for (InputStream in : new InputStream[] {new OneChunk(stray), new OneByteAtATime(stray)}) {
      assertThrows(InvalidProtocolBufferException.class, () -> m.parse(in));
    }
  }

  private static final ProtoMarshaller<com.google.protobuf.BytesValue> BYTES_VALUE =
      ProtoMarshallers.marshaller(com.google.protobuf.BytesValue.getDefaultInstance());

  /** A BytesValue holding {@code payload}, in the wire format. */
  private static byte[] bytesValueWire(byte[] payload) {
    return com.google.protobuf.BytesValue.of(com.google.protobuf.ByteString.copyFrom(payload)).toByteArray();
  }

  private static byte[] sevens(int length) {
    byte[] b = new byte[length];
    java.util.Arrays.fill(b, (byte) 7);
    return b;
  }

  @Test
  void aMessageHeldInOneBufferIsParsedInPlaceAndItsBytesFieldsAliasTheBuffer() throws IOException {
    ProtoMarshaller<com.google.protobuf.BytesValue> m = BYTES_VALUE;
    byte[] payload = sevens(100_000);
    byte[] wire = bytesValueWire(payload);
    // Behind a 5-byte prefix, as in the deframer's copy of a DATA frame.
    java.nio.ByteBuffer received = java.nio.ByteBuffer.allocate(5 + wire.length).position(5);
    received.put(wire).position(5);
    var in = new dev.proxima.internal.grpc.ByteBufferInputStream(java.util.List.of(received));
    var parsed = m.parse(in);
    assertArrayEquals(payload, parsed.getValue().toByteArray());
    assertEquals(0, in.available(), "the stream is read to its end");
    // No copy was made: the field is a view of the received bytes (which the transport never
    // changes; changed here only to show it).
    received.array()[received.array().length - 1] = 9;
    assertEquals(9, parsed.getValue().byteAt(payload.length - 1));
  }

  @Test
  void aPlainStreamIsCopiedSoItsSourceMayBeReused() throws IOException {
    ProtoMarshaller<com.google.protobuf.BytesValue> m = BYTES_VALUE;
    byte[] payload = sevens(100_000);
    byte[] wire = bytesValueWire(payload);
    var parsed = m.parse(new OneChunk(wire));
    java.util.Arrays.fill(wire, (byte) 0); // the source's owner reuses it
    assertArrayEquals(payload, parsed.getValue().toByteArray());
  }

  @Test
  void missingProto2RequiredFieldThrows() {
    // UninterpretedOption.NamePart has two required fields.
    var m = ProtoMarshallers.marshaller(
        com.google.protobuf.DescriptorProtos.UninterpretedOption.NamePart.getDefaultInstance());
    byte[] onlyFirst = {0x0a, 0x01, 'x'};
    IOException e = assertThrows(IOException.class, () -> m.parse(new ByteArrayInputStream(onlyFirst)));
    assertTrue(e.getMessage().contains("google.protobuf.UninterpretedOption.NamePart"), e.getMessage());
  }

  @Test
  void tooDeepNestingThrows() {
    // 101 levels of Value{list_value: ListValue{values: Value{...}}} exceed the recursion limit.
    Value v = Value.newBuilder().setNumberValue(1).build();
    for (int i = 0; i < 101; i++) {
      v = Value.newBuilder().setListValue(ListValue.newBuilder().addValues(v)).build();
    }
    byte[] wire = v.toByteArray();
    ProtoMarshaller<Value> m = ProtoMarshallers.marshaller(Value.getDefaultInstance());
    assertThrows(InvalidProtocolBufferException.class, () -> m.parse(new OneByteAtATime(wire)));
    assertThrows(InvalidProtocolBufferException.class, () -> m.parse(new ByteArrayInputStream(wire)));
  }

  @Test
  void streamFailureIsNotReportedAsBadBytes() {
    IOException boom = new IOException("connection reset");
    InputStream failing = new InputStream() {
      @Override
      public int read() throws IOException {
        throw boom;
      }
    };
    IOException e = assertThrows(IOException.class,
        () -> ProtoMarshallers.marshaller(Struct.getDefaultInstance()).parse(failing));
    assertSame(boom, e);
  }

  @Test
  void jsonRoundTrips() throws IOException {
    ProtoMarshaller<FileDescriptorProto> m = ProtoMarshallers.jsonMarshaller(FileDescriptorProto.getDefaultInstance());
    assertEquals(FILE, roundTrip(m, FILE));
    assertEquals(STRUCT, roundTrip(ProtoMarshallers.jsonMarshaller(Struct.getDefaultInstance()), STRUCT));
    Timestamp ts = Timestamp.newBuilder().setSeconds(1_700_000_000L).setNanos(123_000_000).build();
    ProtoMarshaller<Timestamp> tm = ProtoMarshallers.jsonMarshaller(Timestamp.getDefaultInstance());
    assertEquals("\"2023-11-14T22:13:20.123Z\"", new String(bytes(tm.serialize(ts)), StandardCharsets.UTF_8));
    assertEquals(ts, roundTrip(tm, ts));
  }

  @Test
  void jsonIsCanonicalCompactUtf8() {
    ProtoMarshaller<FileDescriptorProto> m = ProtoMarshallers.jsonMarshaller(FileDescriptorProto.getDefaultInstance());
    FileDescriptorProto f = FileDescriptorProto.newBuilder().setName("é.proto").addPublicDependency(3).build();
    assertEquals("{\"name\":\"é.proto\",\"publicDependency\":[3]}",
        new String(bytes(m.serialize(f)), StandardCharsets.UTF_8));
    StringValue s = StringValue.of("世界");
    assertArrayEquals("\"世界\"".getBytes(StandardCharsets.UTF_8),
        bytes(ProtoMarshallers.jsonMarshaller(StringValue.getDefaultInstance()).serialize(s)));
  }

  @Test
  void jsonAcceptsUnknownFieldsAndProtoNames() throws IOException {
    ProtoMarshaller<FileDescriptorProto> m = ProtoMarshallers.jsonMarshaller(FileDescriptorProto.getDefaultInstance());
    String json = "{\"name\":\"a.proto\",\"noSuchField\":{\"x\":[1,2]},\"public_dependency\":[1]}";
    FileDescriptorProto parsed = m.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    assertEquals(FileDescriptorProto.newBuilder().setName("a.proto").addPublicDependency(1).build(), parsed);
  }

  @Test
  void jsonParsesFromOneByteAtATime() throws IOException {
    ProtoMarshaller<Struct> m = ProtoMarshallers.jsonMarshaller(Struct.getDefaultInstance());
    OneByteAtATime in = new OneByteAtATime(bytes(m.serialize(STRUCT)));
    assertEquals(STRUCT, m.parse(in));
    assertTrue(in.atEnd());
  }

  @Test
  void invalidJsonThrowsNamingType() {
    ProtoMarshaller<FileDescriptorProto> m = ProtoMarshallers.jsonMarshaller(FileDescriptorProto.getDefaultInstance());
    for (String json : new String[] {"{\"name\":", "{\"name\": 1, }", "[1]", "{\"publicDependency\":\"x\"}", "nope",
        "{} {}", "{}x", ""}) {
      IOException e = assertThrows(IOException.class,
          () -> m.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))), json);
      assertInstanceOf(InvalidProtocolBufferException.class, e, json);
      assertTrue(e.getMessage().contains("google.protobuf.FileDescriptorProto"), e.getMessage());
    }
  }

  @Test
  void jsonAllowsSurroundingWhitespaceButNothingElse() throws IOException {
    ProtoMarshaller<Int32Value> ints = ProtoMarshallers.jsonMarshaller(Int32Value.getDefaultInstance());
    ProtoMarshaller<StringValue> strings = ProtoMarshallers.jsonMarshaller(StringValue.getDefaultInstance());
    ProtoMarshaller<Struct> structs = ProtoMarshallers.jsonMarshaller(Struct.getDefaultInstance());
    assertEquals(Int32Value.of(5), ints.parse(utf8(" \t5\r\n")));
    assertEquals(StringValue.of("a\"} ]b"), strings.parse(utf8(" \"a\\\"} ]b\"\n")));
    assertEquals(STRUCT, structs.parse(utf8("\n " + new String(bytes(structs.serialize(STRUCT)), StandardCharsets.UTF_8) + " \n")));
    for (String trailing : new String[] {"5 6", "5,6", "\"a\" \"b\"", "\"a\"x"}) {
      Marshaller<?> m = trailing.startsWith("5") ? ints : strings;
      assertThrows(InvalidProtocolBufferException.class, () -> m.parse(utf8(trailing)), trailing);
    }
    assertThrows(InvalidProtocolBufferException.class, () -> structs.parse(utf8("{\"a\":\"}\"} ]")));
  }

  private static InputStream utf8(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void jsonThatIsNotUtf8Throws() {
    ProtoMarshaller<StringValue> m = ProtoMarshallers.jsonMarshaller(StringValue.getDefaultInstance());
    byte[] latin1 = "\"caf\u00e9\"".getBytes(StandardCharsets.ISO_8859_1);
    assertThrows(CharacterCodingException.class, () -> m.parse(new ByteArrayInputStream(latin1)));
  }

  @Test
  void jsonMissingProto2RequiredFieldThrows() {
    var m = ProtoMarshallers.jsonMarshaller(
        com.google.protobuf.DescriptorProtos.UninterpretedOption.NamePart.getDefaultInstance());
    IOException e = assertThrows(IOException.class,
        () -> m.parse(new ByteArrayInputStream("{\"namePart\":\"x\"}".getBytes(StandardCharsets.UTF_8))));
    assertTrue(e.getMessage().contains("google.protobuf.UninterpretedOption.NamePart"), e.getMessage());
  }

  @Test
  void jsonAnyNeedsRegistryForOtherTypes() throws IOException {
    Any wellKnown = Any.pack(Duration.newBuilder().setSeconds(2).build());
    assertEquals(wellKnown, roundTrip(ProtoMarshallers.jsonMarshaller(Any.getDefaultInstance()), wellKnown));

    Any custom = Any.pack(FILE);
    ProtoMarshaller<Any> plain = ProtoMarshallers.jsonMarshaller(Any.getDefaultInstance(),
        JsonFormat.TypeRegistry.getEmptyTypeRegistry());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plain.serialize(custom));
    assertTrue(e.getMessage().contains("google.protobuf.Any"), e.getMessage());

    JsonFormat.TypeRegistry registry = JsonFormat.TypeRegistry.newBuilder()
        .add(FileDescriptorProto.getDescriptor()).build();
    ProtoMarshaller<Any> withRegistry = ProtoMarshallers.jsonMarshaller(Any.getDefaultInstance(), registry);
    String json = new String(bytes(withRegistry.serialize(custom)), StandardCharsets.UTF_8);
    assertTrue(json.startsWith("{\"@type\":\"type.googleapis.com/google.protobuf.FileDescriptorProto\""), json);
    assertEquals(custom, roundTrip(withRegistry, custom));
    // Parsing an unknown type in an Any fails without the registry.
    assertThrows(InvalidProtocolBufferException.class,
        () -> plain.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void jsonAnyKnowsTypesOfTheMessagesOwnFile() throws Exception {
    // demo.Outer { google.protobuf.Any payload = 1; } and demo.Inner { string text = 1; }, built at
    // run time because this module runs no protoc.
    FileDescriptorProto proto = FileDescriptorProto.newBuilder()
        .setName("demo/outer.proto").setPackage("demo").setSyntax("proto3")
        .addDependency("google/protobuf/any.proto")
        .addMessageType(DescriptorProto.newBuilder().setName("Outer")
            .addField(FieldDescriptorProto.newBuilder().setName("payload").setNumber(1)
                .setType(FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName(".google.protobuf.Any")
                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)))
        .addMessageType(DescriptorProto.newBuilder().setName("Inner")
            .addField(FieldDescriptorProto.newBuilder().setName("text").setNumber(1)
                .setType(FieldDescriptorProto.Type.TYPE_STRING)
                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)))
        .build();
    Descriptors.FileDescriptor file = Descriptors.FileDescriptor.buildFrom(
        proto, new Descriptors.FileDescriptor[] {Any.getDescriptor().getFile()});
    Descriptors.Descriptor outerType = file.findMessageTypeByName("Outer");
    Descriptors.Descriptor innerType = file.findMessageTypeByName("Inner");
    DynamicMessage inner = DynamicMessage.newBuilder(innerType)
        .setField(innerType.findFieldByName("text"), "hi").build();
    DynamicMessage outer = DynamicMessage.newBuilder(outerType)
        .setField(outerType.findFieldByName("payload"), Any.pack(inner)).build();

    ProtoMarshaller<DynamicMessage> m = ProtoMarshallers.jsonMarshaller(DynamicMessage.getDefaultInstance(outerType));
    String json = new String(bytes(m.serialize(outer)), StandardCharsets.UTF_8);
    assertEquals("{\"payload\":{\"@type\":\"type.googleapis.com/demo.Inner\",\"text\":\"hi\"}}", json);
    assertEquals(outer, roundTrip(m, outer));
    // And the binary marshaller works for dynamic messages as well.
    assertEquals(outer, roundTrip(ProtoMarshallers.marshaller(DynamicMessage.getDefaultInstance(outerType)), outer));
  }

  @Test
  void jsonParseLeavesStreamOpen() throws IOException {
    boolean[] closed = {false};
    InputStream in = new ByteArrayInputStream("\"x\"".getBytes(StandardCharsets.UTF_8)) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    assertEquals(StringValue.of("x"), ProtoMarshallers.jsonMarshaller(StringValue.getDefaultInstance()).parse(in));
    assertFalse(closed[0]);
  }

  @Test
  void describesItself() {
    ProtoMarshaller<Struct> binary = ProtoMarshallers.marshaller(Struct.getDefaultInstance());
    ProtoMarshaller<Struct> json = ProtoMarshallers.jsonMarshaller(Struct.getDefaultInstance());
    assertSame(Struct.getDefaultInstance(), binary.defaultInstance());
    assertSame(Struct.getDefaultInstance(), json.defaultInstance());
    assertEquals("", binary.contentSubtype());
    assertEquals("json", json.contentSubtype());
    assertTrue(binary.toString().contains("google.protobuf.Struct"));
    assertTrue(json.toString().contains("json"));
    Message m = binary.defaultInstance();
    assertEquals("google.protobuf.Struct", m.getDescriptorForType().getFullName());
  }

  @Test
  void rejectsNulls() {
    assertThrows(NullPointerException.class, () -> ProtoMarshallers.marshaller(null));
    assertThrows(NullPointerException.class, () -> ProtoMarshallers.jsonMarshaller(null));
    assertThrows(NullPointerException.class,
        () -> ProtoMarshallers.jsonMarshaller(Struct.getDefaultInstance(), null));
  }
}
