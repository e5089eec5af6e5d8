package dev.proxima;

import java.util.Objects;

/**
 * One RPC method: its full name ({@code package.Service/Method}), its kind, and how its request
 * and response messages become bytes. Immutable; made by {@link #builder()}.
 *
 * @param <Req> the request message type
 * @param <Resp> the response message type
 */
public final class MethodDescriptor<Req, Resp> {
  /** The four kinds of call. */
  public enum Type {
    UNARY,
    CLIENT_STREAMING,
    SERVER_STREAMING,
    BIDI_STREAMING;

    /** Whether the client sends a single message. */
    public boolean clientSendsOne() {
      return this == UNARY || this == SERVER_STREAMING;
    }

    /** Whether the server sends a single message. */
    public boolean serverSendsOne() {
      return this == UNARY || this == CLIENT_STREAMING;
    }
  }

  private final Type type;
  private final String fullMethodName;
  private final Marshaller<Req> requestMarshaller;
  private final Marshaller<Resp> responseMarshaller;
  private final Object schemaDescriptor;

  private MethodDescriptor(Builder<Req, Resp> b) {
    this.type = Objects.requireNonNull(b.type, "type");
    this.fullMethodName = Objects.requireNonNull(b.fullMethodName, "fullMethodName");
    int slash = fullMethodName.indexOf('/');
    if (slash <= 0 || slash == fullMethodName.length() - 1 || fullMethodName.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException("full method name must be 'package.Service/Method', got '"
          + fullMethodName + "'");
    }
    this.requestMarshaller = Objects.requireNonNull(b.requestMarshaller, "requestMarshaller");
    this.responseMarshaller = Objects.requireNonNull(b.responseMarshaller, "responseMarshaller");
    this.schemaDescriptor = b.schemaDescriptor;
  }

  public static <Req, Resp> Builder<Req, Resp> builder() {
    return new Builder<>();
  }

  /** {@code service + "/" + method}. */
  public static String fullMethodName(String fullServiceName, String methodName) {
    return fullServiceName + "/" + methodName;
  }

  public Type type() {
    return type;
  }

  /** {@code package.Service/Method}; the HTTP/2 {@code :path} is this with a leading slash. */
  public String fullMethodName() {
    return fullMethodName;
  }

  /** {@code package.Service}. */
  public String serviceName() {
    return fullMethodName.substring(0, fullMethodName.indexOf('/'));
  }

  /** {@code Method}. */
  public String methodName() {
    return fullMethodName.substring(fullMethodName.indexOf('/') + 1);
  }

  public Marshaller<Req> requestMarshaller() {
    return requestMarshaller;
  }

  public Marshaller<Resp> responseMarshaller() {
    return responseMarshaller;
  }

  /** What generated code attaches (the proto descriptor, for reflection), or null. */
  public Object schemaDescriptor() {
    return schemaDescriptor;
  }

  /** A builder starting from this descriptor. */
  public Builder<Req, Resp> toBuilder() {
    return new Builder<Req, Resp>().type(type).fullMethodName(fullMethodName)
        .requestMarshaller(requestMarshaller).responseMarshaller(responseMarshaller)
        .schemaDescriptor(schemaDescriptor);
  }

  @Override
  public String toString() {
    return "MethodDescriptor{" + fullMethodName + ", " + type + "}";
  }

  /** Builds a {@link MethodDescriptor}. */
  public static final class Builder<Req, Resp> {
    private Type type;
    private String fullMethodName;
    private Marshaller<Req> requestMarshaller;
    private Marshaller<Resp> responseMarshaller;
    private Object schemaDescriptor;

    private Builder() {}

    public Builder<Req, Resp> type(Type type) {
      this.type = type;
      return this;
    }

    public Builder<Req, Resp> fullMethodName(String fullMethodName) {
      this.fullMethodName = fullMethodName;
      return this;
    }

    public Builder<Req, Resp> requestMarshaller(Marshaller<Req> marshaller) {
      this.requestMarshaller = marshaller;
      return this;
    }

    public Builder<Req, Resp> responseMarshaller(Marshaller<Resp> marshaller) {
      this.responseMarshaller = marshaller;
      return this;
    }

    public Builder<Req, Resp> schemaDescriptor(Object descriptor) {
      this.schemaDescriptor = descriptor;
      return this;
    }

    public MethodDescriptor<Req, Resp> build() {
      return new MethodDescriptor<>(this);
    }
  }
}
