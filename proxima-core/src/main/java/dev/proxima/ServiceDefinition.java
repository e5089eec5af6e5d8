package dev.proxima;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A service as the server hosts it: its name, its methods with their handlers, and optionally
 * where its handlers run (overriding the server's choice). Immutable; made by {@link #builder}.
 */
public final class ServiceDefinition {
  private final String name;
  private final Map<String, ServerMethodDefinition<?, ?>> methods;
  private final HandlerExecution execution;
  private final Object schemaDescriptor;

  private ServiceDefinition(Builder b) {
    this.name = b.name;
    this.methods = Map.copyOf(b.methods);
    this.execution = b.execution;
    this.schemaDescriptor = b.schemaDescriptor;
  }

  /** A builder for the service {@code package.Service}. */
  public static Builder builder(String serviceName) {
    return new Builder(serviceName);
  }

  public String name() {
    return name;
  }

  public Collection<ServerMethodDefinition<?, ?>> methods() {
    return methods.values();
  }

  /** The method with full name {@code package.Service/Method}, or null. */
  public ServerMethodDefinition<?, ?> method(String fullMethodName) {
    return methods.get(fullMethodName);
  }

  /** Where this service's handlers run, or null to use the server's choice. */
  public HandlerExecution execution() {
    return execution;
  }

  /** The same service with its handlers run per {@code execution}. */
  public ServiceDefinition withExecution(HandlerExecution execution) {
    Builder b = new Builder(name);
    b.methods.putAll(methods);
    b.schemaDescriptor = schemaDescriptor;
    b.execution = execution;
    return b.build();
  }

  /** What generated code attaches (the proto file descriptor), or null. */
  public Object schemaDescriptor() {
    return schemaDescriptor;
  }

  /** Builds a {@link ServiceDefinition}. */
  public static final class Builder {
    private final String name;
    private final Map<String, ServerMethodDefinition<?, ?>> methods = new LinkedHashMap<>();
    private HandlerExecution execution;
    private Object schemaDescriptor;

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "serviceName");
    }

    public <Req, Resp> Builder addMethod(MethodDescriptor<Req, Resp> method, ServerCallHandler<Req, Resp> handler) {
      if (!method.serviceName().equals(name)) {
        throw new IllegalArgumentException("method " + method.fullMethodName() + " is not in service " + name);
      }
      if (methods.putIfAbsent(method.fullMethodName(), new ServerMethodDefinition<>(method, handler)) != null) {
        throw new IllegalArgumentException("method " + method.fullMethodName() + " added twice");
      }
      return this;
    }

    public Builder execution(HandlerExecution execution) {
      this.execution = execution;
      return this;
    }

    public Builder schemaDescriptor(Object descriptor) {
      this.schemaDescriptor = descriptor;
      return this;
    }

    public ServiceDefinition build() {
      return new ServiceDefinition(this);
    }
  }
}
