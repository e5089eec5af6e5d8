package dev.proxima;

import java.util.Objects;

/**
 * A method and the handler that serves it.
 *
 * @param <Req> the request message type
 * @param <Resp> the response message type
 */
public record ServerMethodDefinition<Req, Resp>(MethodDescriptor<Req, Resp> method, ServerCallHandler<Req, Resp> handler) {
  public ServerMethodDefinition {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(handler, "handler");
  }
}
