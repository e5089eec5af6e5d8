package dev.proxima.stub;

import dev.proxima.CallOptions;
import dev.proxima.Channel;
import dev.proxima.ClientInterceptor;
import dev.proxima.Deadline;
import dev.proxima.Metadata;
import java.time.Duration;
import java.util.Objects;

/**
 * The base of generated client stubs: a channel and the call options every call of the stub uses.
 * Immutable: each {@code with...} method returns a new stub and leaves this one as it was, so a
 * stub can be shared between threads and specialised per call site.
 *
 * @param <S> the concrete stub type, which the {@code with...} methods return
 */
public abstract class AbstractStub<S extends AbstractStub<S>> {
  private final Channel channel;
  private final CallOptions callOptions;

  /** A stub making its calls on {@code channel} with {@code callOptions}. */
  protected AbstractStub(Channel channel, CallOptions callOptions) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.callOptions = Objects.requireNonNull(callOptions, "callOptions");
  }

  /** A stub of the same type on {@code channel} with {@code callOptions}. */
  protected abstract S build(Channel channel, CallOptions callOptions);

  /** The channel calls are made on, with the interceptors added by {@link #withInterceptors}. */
  public final Channel channel() {
    return channel;
  }

  /** The options every call of this stub gets. */
  public final CallOptions callOptions() {
    return callOptions;
  }

  /** A stub whose calls must finish by {@code deadline} (null: no deadline). */
  public final S withDeadline(Deadline deadline) {
    return build(channel, callOptions.withDeadline(deadline));
  }

  /**
   * A stub whose calls must finish within {@code timeout} from now. The deadline is fixed when this
   * method is called, not per call: make a new stub per call (or operation) it should cover.
   */
  public final S withTimeout(Duration timeout) {
    return build(channel, callOptions.withDeadlineAfter(timeout));
  }

  /** A stub whose calls send {@code headers} (a copy, taken now) as extra request metadata. */
  public final S withMetadata(Metadata headers) {
    return withInterceptors(HeaderAttachingInterceptor.of(headers));
  }

  /** A stub whose calls compress the messages they send with {@code encoding}, e.g. "gzip". */
  public final S withCompression(String encoding) {
    return build(channel, callOptions.withCompression(encoding));
  }

  /**
   * A stub whose calls go through {@code interceptors} first, the first one outermost, and then
   * through the interceptors this stub already had.
   */
  public final S withInterceptors(ClientInterceptor... interceptors) {
    Channel intercepted = channel;
    for (int i = interceptors.length - 1; i >= 0; i--) {
      intercepted = new InterceptedChannel(intercepted, interceptors[i]);
    }
    return build(intercepted, callOptions);
  }

  /** A stub whose calls use {@code options} in place of this stub's call options. */
  public final S withCallOptions(CallOptions options) {
    return build(channel, options);
  }
}
