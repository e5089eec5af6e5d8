package dev.proxima.internal.http2;

/**
 * A broken HTTP/2 rule. RFC 9113 §5.4 splits errors in two: a <em>connection error</em> ends the
 * whole connection with GOAWAY, a <em>stream error</em> resets one stream with RST_STREAM and
 * leaves the others alone. The message names the rule that was broken.
 */
public final class Http2Exception extends Exception {
  private static final long serialVersionUID = 1L;

  /** Stream id of a stream error; 0 for a connection error. */
  private final int streamId;
  private final ErrorCode code;
  private final boolean connectionError;
  private final String rule;

  private Http2Exception(boolean connectionError, int streamId, ErrorCode code, String rule, String message) {
    super(message, null, false, false);
    this.rule = rule;
    this.connectionError = connectionError;
    this.streamId = streamId;
    this.code = code;
  }

  /** An error that ends the connection (RFC 9113 §5.4.1). */
  public static Http2Exception connectionError(ErrorCode code, String message) {
    return new Http2Exception(true, 0, code, message, message + ": connection error " + code);
  }

  /** An error that resets only stream {@code streamId} (RFC 9113 §5.4.2). */
  public static Http2Exception streamError(int streamId, ErrorCode code, String message) {
    if (streamId <= 0) {
      throw new IllegalArgumentException("a stream error needs a stream id > 0, got " + streamId);
    }
    return new Http2Exception(false, streamId, code, message, message + ": stream " + streamId + " error " + code);
  }

  public boolean isConnectionError() {
    return connectionError;
  }

  public boolean isStreamError() {
    return !connectionError;
  }

  /** The stream a stream error resets; 0 for connection errors. */
  public int streamId() {
    return streamId;
  }

  public ErrorCode code() {
    return code;
  }

  /** The broken rule alone, without the error kind: what GOAWAY's debug data carries. */
  public String rule() {
    return rule;
  }
}
