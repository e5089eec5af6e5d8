package dev.proxima.codegen;

/** The four kinds of RPC, named as {@code dev.proxima.MethodDescriptor.Type} names them. */
enum CallKind {
  UNARY,
  SERVER_STREAMING,
  CLIENT_STREAMING,
  BIDI_STREAMING;

  /** The kind of an rpc from its {@code stream} keywords. */
  static CallKind of(boolean clientStreaming, boolean serverStreaming) {
    if (clientStreaming) {
      return serverStreaming ? BIDI_STREAMING : CLIENT_STREAMING;
    }
    return serverStreaming ? SERVER_STREAMING : UNARY;
  }

  /** Whether the client sends exactly one request. */
  boolean singleRequest() {
    return this == UNARY || this == SERVER_STREAMING;
  }
}
