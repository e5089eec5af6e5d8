package dev.proxima.protobuf;

import com.google.protobuf.Any;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Duration;
import com.google.protobuf.Empty;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.FieldMask;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.StringValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.util.JsonFormat;
import dev.proxima.BufferedMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Factories for {@link ProtoMarshaller}s of protobuf-java messages. The marshallers are immutable
 * and thread-safe; make one per message type and reuse it.
 *
 * <pre>{@code
 * Marshaller<HelloRequest> m = ProtoMarshallers.marshaller(HelloRequest.getDefaultInstance());
 * }</pre>
 */
public final class ProtoMarshallers {
  /**
   * Nesting depth a parsed message may have; deeper input is rejected rather than risking a stack
   * overflow. The same as protobuf-java's default and grpc-java's.
   */
  static final int RECURSION_LIMIT = 100;


  private ProtoMarshallers() {}

  /**
   * A marshaller for the binary protobuf wire format; its {@linkplain
   * ProtoMarshaller#contentSubtype() content subtype} is {@code ""}.
   *
   * <p>{@code parse} reads the stream as it comes, without first copying all of it into one array,
   * and sets no size limit of its own (the transport enforces the maximum message size); it allows
   * nesting 100 deep. Bytes that are not a valid message, or miss a proto2 required field, make it
   * throw {@link InvalidProtocolBufferException} naming the message type.
   *
   * @param defaultInstance the type's default instance, e.g. {@code Foo.getDefaultInstance()}
   */
  public static <T extends Message> ProtoMarshaller<T> marshaller(T defaultInstance) {
    return new BinaryMarshaller<>(Objects.requireNonNull(defaultInstance, "defaultInstance"));
  }

  /**
   * A marshaller for the proto3 JSON mapping, UTF-8 encoded; its {@linkplain
   * ProtoMarshaller#contentSubtype() content subtype} is {@code "json"}. It prints the canonical
   * form (lowerCamelCase field names, fields with default values left out, no insignificant
   * whitespace) and parses leniently: unknown fields are ignored and both lowerCamelCase and the
   * original proto field names are accepted. {@code google.protobuf.Any} fields can hold the
   * well-known types and the types of the message's own {@code .proto} file and the files it
   * imports (recursively); for others use {@link #jsonMarshaller(Message,
   * JsonFormat.TypeRegistry)}.
   *
   * <p>{@code parse} reads the whole stream as text, then parses it; it throws {@link
   * InvalidProtocolBufferException} (naming the message type) for input that is not one valid JSON
   * value for the type (surrounding whitespace is allowed), and a {@link
   * java.nio.charset.CharacterCodingException} for input that is not UTF-8. {@code serialize}
   * throws {@link IllegalArgumentException} for a message it cannot print (an {@code Any} whose
   * type is not in the registry).
   *
   * @param defaultInstance the type's default instance, e.g. {@code Foo.getDefaultInstance()}
   */
  public static <T extends Message> ProtoMarshaller<T> jsonMarshaller(T defaultInstance) {
    Objects.requireNonNull(defaultInstance, "defaultInstance");
    // Adding a type adds every type of its file and of the files that file imports.
    JsonFormat.TypeRegistry registry = JsonFormat.TypeRegistry.newBuilder()
        .add(List.of(Any.getDescriptor(), Duration.getDescriptor(), Timestamp.getDescriptor(),
            Struct.getDescriptor(), FieldMask.getDescriptor(), Empty.getDescriptor(),
            StringValue.getDescriptor() /* wrappers.proto */))
        .add(defaultInstance.getDescriptorForType())
        .build();
    return jsonMarshaller(defaultInstance, registry);
  }

  /**
   * As {@link #jsonMarshaller(Message)}, with {@code registry} giving all the message types that
   * {@code google.protobuf.Any} fields may hold (the well-known types too, if they are wanted).
   *
   * @param defaultInstance the type's default instance, e.g. {@code Foo.getDefaultInstance()}
   * @param registry the types to print and parse inside {@code Any} fields
   */
  public static <T extends Message> ProtoMarshaller<T> jsonMarshaller(
      T defaultInstance, JsonFormat.TypeRegistry registry) {
    return new JsonMarshaller<>(Objects.requireNonNull(defaultInstance, "defaultInstance"),
        Objects.requireNonNull(registry, "registry"));
  }

  /** The message's bytes in the binary wire format, in an array of exactly the right size. */
  static ByteBuffer toBytes(Message message) {
    byte[] bytes = new byte[message.getSerializedSize()];
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    try {
      message.writeTo(out);
    } catch (IOException e) {
      throw new IllegalStateException("Serializing to a byte array threw an IOException", e);
    }
    out.checkNoSpaceLeft();
    return ByteBuffer.wrap(bytes);
  }

  /**
   * {@code e} with the message type's name in front of its message; an exception that only wraps
   * an I/O failure of the stream itself is unwrapped instead, as it says nothing about the bytes.
   */
  static IOException withTypeName(InvalidProtocolBufferException e, Message type) {
    IOException unwrapped = e.unwrapIOException();
    if (unwrapped != e) {
      return unwrapped;
    }
    InvalidProtocolBufferException named = new InvalidProtocolBufferException(
        "Invalid " + type.getDescriptorForType().getFullName() + ": " + e.getMessage(), e);
    if (e.getUnfinishedMessage() != null) {
      named.setUnfinishedMessage(e.getUnfinishedMessage());
    }
    return named;
  }

  /**
   * The index just past the JSON value that {@code json} starts with (after whitespace), or -1 if
   * an object, array or string does not end. Assumes the value is well-formed, which JsonFormat has
   * checked; only finds where it ends.
   */
  static int endOfValue(String json) {
    int i = skipWhitespace(json, 0);
    if (i == json.length()) {
      return i;
    }
    char c = json.charAt(i);
    if (c == '"') {
      return endOfString(json, i);
    }
    if (c == '{' || c == '[') {
      int depth = 0;
      while (i < json.length()) {
        c = json.charAt(i);
        if (c == '"') {
          i = endOfString(json, i);
          if (i < 0) {
            return -1;
          }
          continue;
        }
        if (c == '{' || c == '[') {
          depth++;
        } else if ((c == '}' || c == ']') && --depth == 0) {
          return i + 1;
        }
        i++;
      }
      return -1;
    }
    // A number, true, false or null.
    while (i < json.length() && isScalarChar(json.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The index just past the string whose opening quote is at {@code start}, or -1. */
  private static int endOfString(String json, int start) {
    for (int i = start + 1; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i + 1;
      }
    }
    return -1;
  }

  private static boolean isScalarChar(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
        || c == '-' || c == '+' || c == '.';
  }

  /** The first index at or after {@code from} that is not JSON whitespace. */
  static int skipWhitespace(String json, int from) {
    int i = from;
    while (i < json.length()) {
      char c = json.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        break;
      }
      i++;
    }
    return i;
  }

  /** The binary wire format. */
  private static final class BinaryMarshaller<T extends Message> implements ProtoMarshaller<T> {
    private final T defaultInstance;
    private final Parser<T> parser;

    @SuppressWarnings("unchecked") // a message's parser parses messages of its own class
    BinaryMarshaller(T defaultInstance) {
      this.defaultInstance = defaultInstance;
      this.parser = (Parser<T>) defaultInstance.getParserForType();
    }

    @Override
    public T defaultInstance() {
      return defaultInstance;
    }

    @Override
    public String contentSubtype() {
      return "";
    }

    @Override
    public ByteBuffer serialize(T value) {
      return toBytes(value);
    }

    @Override
    public T parse(InputStream in) throws IOException {
      try {
        if (in instanceof BufferedMessage held && held.unreadBytes() instanceof ByteBuffer bytes) {
          // The received message in one buffer that never changes: parsed in place, and bytes and
          // string fields alias it (no copy at all).
          int n = bytes.remaining();
          CodedInputStream cis = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
          cis.enableAliasing(true);
          T message = parseWhole(cis);
          in.skipNBytes(n);
          return message;
        }
        // A stream that knows it holds the whole message (as the deframer's do) is read
        // into one array, which protobuf parses faster than a stream; the array is ours alone, so
        // bytes and string fields may alias it (no second copy of a payload).
        int available = in.available();
        if (available > 0 && available < Integer.MAX_VALUE - 8) {
          byte[] bytes = new byte[available + 1];
          int n = in.readNBytes(bytes, 0, bytes.length);
          if (n <= available) {
            // unsafeWrap: protobuf aliases only a buffer it is told is immutable; this one is never
            // written again.
            CodedInputStream cis = UnsafeByteOperations.unsafeWrap(bytes, 0, n).newCodedInput();
            cis.enableAliasing(true);
            return parseWhole(cis);
          }
          // available() was an underestimate: parse what was read, then the rest.
          in = new SequenceInputStream(new ByteArrayInputStream(bytes, 0, n), in);
        }
        CodedInputStream cis = CodedInputStream.newInstance(in);
        cis.setSizeLimit(Integer.MAX_VALUE);
        return parseWhole(cis);
      } catch (InvalidProtocolBufferException e) {
        throw withTypeName(e, defaultInstance);
      }
    }

    /**
     * One message from all of {@code cis}: required fields set, nesting within the limit, and the
     * input ending at the message's end (protobuf stops quietly at a stray end-group tag).
     */
    private T parseWhole(CodedInputStream cis) throws InvalidProtocolBufferException {
      cis.setRecursionLimit(RECURSION_LIMIT);
      T message = parser.parseFrom(cis, ExtensionRegistryLite.getEmptyRegistry());
      cis.checkLastTagWas(0);
      return message;
    }

    @Override
    public String toString() {
      return "ProtoMarshaller{" + defaultInstance.getDescriptorForType().getFullName() + "}";
    }
  }

  /** The proto3 JSON mapping. */
  private static final class JsonMarshaller<T extends Message> implements ProtoMarshaller<T> {
    private final T defaultInstance;
    private final JsonFormat.Printer printer;
    private final JsonFormat.Parser parser;

    JsonMarshaller(T defaultInstance, JsonFormat.TypeRegistry registry) {
      this.defaultInstance = defaultInstance;
      this.printer =
          JsonFormat.printer().usingTypeRegistry(registry).omittingInsignificantWhitespace();
      this.parser = JsonFormat.parser().usingTypeRegistry(registry).ignoringUnknownFields();
    }

    @Override
    public T defaultInstance() {
      return defaultInstance;
    }

    @Override
    public String contentSubtype() {
      return "json";
    }

    @Override
    public ByteBuffer serialize(T value) {
      String json;
      try {
        json = printer.print(value);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalArgumentException("Cannot print "
            + defaultInstance.getDescriptorForType().getFullName() + " as JSON: " + e.getMessage(),
            e);
      }
      return ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    @SuppressWarnings("unchecked") // a message's builder builds messages of its own class
    public T parse(InputStream in) throws IOException {
      // JsonFormat would stop at the end of the first JSON value and ignore what follows, so the
      // text is read whole and checked for trailing content. JSON is the slow path anyway.
      String json = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(in.readAllBytes()))
          .toString();
      Message.Builder builder = defaultInstance.newBuilderForType();
      try {
        parser.merge(json, builder);
        int end = endOfValue(json);
        if (end < 0 || skipWhitespace(json, end) != json.length()) {
          throw new InvalidProtocolBufferException("Content after the JSON value");
        }
        if (!builder.isInitialized()) {
          throw new InvalidProtocolBufferException("Message missing required fields")
              .setUnfinishedMessage(builder.buildPartial());
        }
      } catch (InvalidProtocolBufferException e) {
        throw withTypeName(e, defaultInstance);
      }
      return (T) builder.build();
    }

    @Override
    public String toString() {
      return "ProtoMarshaller{json, " + defaultInstance.getDescriptorForType().getFullName() + "}";
    }
  }
}
