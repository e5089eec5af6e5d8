package dev.proxima.internal.grpc;

import dev.proxima.Status;
import dev.proxima.internal.http2.ErrorCode;

/** The gRPC status a stream reset stands for (gRPC PROTOCOL-HTTP2, "Errors"). */
final class ResetStatus {
  private ResetStatus() {}

  /** The status for {@code code}, described by {@code reason}: who ended the stream and why. */
  static Status forReset(ErrorCode code, String reason) {
    Status s = switch (code) {
      case REFUSED_STREAM -> Status.UNAVAILABLE; // never processed: safe to retry
      case CANCEL -> Status.CANCELLED;
      case ENHANCE_YOUR_CALM -> Status.RESOURCE_EXHAUSTED;
      case INADEQUATE_SECURITY -> Status.PERMISSION_DENIED;
      default -> Status.INTERNAL;
    };
    return s.withDescription(reason);
  }
}
