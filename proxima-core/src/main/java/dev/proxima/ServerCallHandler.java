package dev.proxima;

/**
 * Handles calls of one method: given a new call and its request headers, returns the listener
 * that receives the call's events.
 */
@FunctionalInterface
public interface ServerCallHandler<Req, Resp> {
  ServerCall.Listener<Req> startCall(ServerCall<Req, Resp> call, Metadata headers);
}
