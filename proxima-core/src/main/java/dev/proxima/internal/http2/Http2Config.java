package dev.proxima.internal.http2;

import java.time.Duration;
import java.util.Set;

/**
 * The limits and tuning of one side of an HTTP/2 connection. Immutable; made by {@link #builder()}.
 *
 * <p>The defaults suit gRPC: large receive windows so one stream can fill a fast link, a header
 * list bound that stops header floods early, and flood counters that end a hostile connection
 * with ENHANCE_YOUR_CALM.
 */
public final class Http2Config {
  private final int maxConcurrentStreams;
  private final int initialStreamWindow;
  private final int connectionWindow;
  private final int maxFrameSize;
  private final int maxHeaderListSize;
  private final int headerTableSize;
  private final boolean windowAutoTuning;
  private final int maxAutoTunedWindow;
  private final int streamReadyThreshold;
  private final int maxQueuedControlBytes;
  private final FloodLimit resetFloodLimit;
  private final FloodLimit pingFloodLimit;
  private final FloodLimit settingsFloodLimit;
  private final FloodLimit emptyFrameFloodLimit;
  private final Duration settingsAckTimeout;
  private final Set<String> sensitiveHeaders;
  private final Duration keepAliveTime;
  private final Duration keepAliveTimeout;
  private final boolean keepAliveWithoutCalls;
  private final Duration permitKeepAliveTime;
  private final boolean permitKeepAliveWithoutCalls;
  private final Duration maxConnectionIdle;
  private final Duration maxConnectionAge;
  private final Duration maxConnectionAgeGrace;
  /** What a server's and a client's first SETTINGS announce: made once, not per connection. */
  private final Http2Settings serverSettings;
  private final Http2Settings clientSettings;

  private Http2Config(Builder b) {
    this.maxConcurrentStreams = b.maxConcurrentStreams;
    this.initialStreamWindow = b.initialStreamWindow;
    this.connectionWindow = b.connectionWindow;
    this.maxFrameSize = b.maxFrameSize;
    this.maxHeaderListSize = b.maxHeaderListSize;
    this.headerTableSize = b.headerTableSize;
    this.windowAutoTuning = b.windowAutoTuning;
    this.maxAutoTunedWindow = b.maxAutoTunedWindow;
    this.streamReadyThreshold = b.streamReadyThreshold;
    this.maxQueuedControlBytes = b.maxQueuedControlBytes;
    this.resetFloodLimit = b.resetFloodLimit;
    this.pingFloodLimit = b.pingFloodLimit;
    this.settingsFloodLimit = b.settingsFloodLimit;
    this.emptyFrameFloodLimit = b.emptyFrameFloodLimit;
    this.settingsAckTimeout = b.settingsAckTimeout;
    this.sensitiveHeaders = Set.copyOf(b.sensitiveHeaders);
    this.keepAliveTime = b.keepAliveTime;
    this.keepAliveTimeout = b.keepAliveTimeout;
    this.keepAliveWithoutCalls = b.keepAliveWithoutCalls;
    this.permitKeepAliveTime = b.permitKeepAliveTime;
    this.permitKeepAliveWithoutCalls = b.permitKeepAliveWithoutCalls;
    this.maxConnectionIdle = b.maxConnectionIdle;
    this.maxConnectionAge = b.maxConnectionAge;
    this.maxConnectionAgeGrace = b.maxConnectionAgeGrace;
    this.serverSettings = announced(false);
    this.clientSettings = announced(true);
  }

  /**
   * The settings our first SETTINGS frame announces (RFC 9113 §6.5.2), for a client or a server
   * connection. Shared by every connection with this configuration: read it, never change it.
   */
  Http2Settings announcedSettings(boolean client) {
    return client ? clientSettings : serverSettings;
  }

  private Http2Settings announced(boolean client) {
    Http2Settings s = new Http2Settings();
    if (headerTableSize != Http2Settings.DEFAULT_HEADER_TABLE_SIZE) {
      s.set(Http2Settings.HEADER_TABLE_SIZE, headerTableSize);
    }
    if (client) {
      s.set(Http2Settings.ENABLE_PUSH, 0);
    } else {
      s.set(Http2Settings.MAX_CONCURRENT_STREAMS, maxConcurrentStreams);
    }
    s.set(Http2Settings.INITIAL_WINDOW_SIZE, initialStreamWindow);
    s.set(Http2Settings.MAX_FRAME_SIZE, maxFrameSize);
    s.set(Http2Settings.MAX_HEADER_LIST_SIZE, maxHeaderListSize);
    return s;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static Http2Config defaults() {
    return builder().build();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxConcurrentStreams = maxConcurrentStreams;
    b.initialStreamWindow = initialStreamWindow;
    b.connectionWindow = connectionWindow;
    b.maxFrameSize = maxFrameSize;
    b.maxHeaderListSize = maxHeaderListSize;
    b.headerTableSize = headerTableSize;
    b.windowAutoTuning = windowAutoTuning;
    b.maxAutoTunedWindow = maxAutoTunedWindow;
    b.streamReadyThreshold = streamReadyThreshold;
    b.maxQueuedControlBytes = maxQueuedControlBytes;
    b.resetFloodLimit = resetFloodLimit;
    b.pingFloodLimit = pingFloodLimit;
    b.settingsFloodLimit = settingsFloodLimit;
    b.emptyFrameFloodLimit = emptyFrameFloodLimit;
    b.settingsAckTimeout = settingsAckTimeout;
    b.sensitiveHeaders = sensitiveHeaders;
    b.keepAliveTime = keepAliveTime;
    b.keepAliveTimeout = keepAliveTimeout;
    b.keepAliveWithoutCalls = keepAliveWithoutCalls;
    b.permitKeepAliveTime = permitKeepAliveTime;
    b.permitKeepAliveWithoutCalls = permitKeepAliveWithoutCalls;
    b.maxConnectionIdle = maxConnectionIdle;
    b.maxConnectionAge = maxConnectionAge;
    b.maxConnectionAgeGrace = maxConnectionAgeGrace;
    return b;
  }

  /** SETTINGS_MAX_CONCURRENT_STREAMS we advertise: streams the peer may open at once. */
  public int maxConcurrentStreams() {
    return maxConcurrentStreams;
  }

  /** SETTINGS_INITIAL_WINDOW_SIZE we advertise: each stream's receive window. */
  public int initialStreamWindow() {
    return initialStreamWindow;
  }

  /** The connection's receive window, opened with a WINDOW_UPDATE right after the preface. */
  public int connectionWindow() {
    return connectionWindow;
  }

  /** SETTINGS_MAX_FRAME_SIZE we advertise: the largest frame payload we accept. */
  public int maxFrameSize() {
    return maxFrameSize;
  }

  /** SETTINGS_MAX_HEADER_LIST_SIZE we advertise and enforce while decoding. */
  public int maxHeaderListSize() {
    return maxHeaderListSize;
  }

  /** SETTINGS_HEADER_TABLE_SIZE we advertise: our HPACK decoder's dynamic table. */
  public int headerTableSize() {
    return headerTableSize;
  }

  /** Whether receive windows grow from PING round trips (bandwidth-delay product estimate). */
  public boolean windowAutoTuning() {
    return windowAutoTuning;
  }

  public int maxAutoTunedWindow() {
    return maxAutoTunedWindow;
  }

  /** A stream is ready for more data from its producer while fewer bytes than this wait to be sent. */
  public int streamReadyThreshold() {
    return streamReadyThreshold;
  }

  /**
   * Bytes of frames we may owe a peer that does not read (PING and SETTINGS acknowledgements,
   * resets) before the connection is closed with ENHANCE_YOUR_CALM.
   */
  public int maxQueuedControlBytes() {
    return maxQueuedControlBytes;
  }

  /** RST_STREAM frames received (or streams reset by the peer) per window. */
  public FloodLimit resetFloodLimit() {
    return resetFloodLimit;
  }

  /** PING frames received per window. */
  public FloodLimit pingFloodLimit() {
    return pingFloodLimit;
  }

  /** SETTINGS frames received per window. */
  public FloodLimit settingsFloodLimit() {
    return settingsFloodLimit;
  }

  /** Frames that carry nothing (empty DATA without END_STREAM, empty CONTINUATION) per window. */
  public FloodLimit emptyFrameFloodLimit() {
    return emptyFrameFloodLimit;
  }

  /** How long the peer has to acknowledge our SETTINGS before SETTINGS_TIMEOUT (RFC 9113 §6.5.3). */
  public Duration settingsAckTimeout() {
    return settingsAckTimeout;
  }

  /** Header names always sent never-indexed, beyond HPACK's defaults. */
  public Set<String> sensitiveHeaders() {
    return sensitiveHeaders;
  }

  /** After this long without reading anything, PING the peer (null: never). */
  public Duration keepAliveTime() {
    return keepAliveTime;
  }

  /** How long a keepalive PING may go unanswered before the connection is closed. */
  public Duration keepAliveTimeout() {
    return keepAliveTimeout;
  }

  /** Whether keepalive PINGs are sent while no stream is open. */
  public boolean keepAliveWithoutCalls() {
    return keepAliveWithoutCalls;
  }

  /** Server: the shortest interval between client PINGs tolerated (null: no policing). */
  public Duration permitKeepAliveTime() {
    return permitKeepAliveTime;
  }

  /** Server: whether clients may ping while they have no call open. */
  public boolean permitKeepAliveWithoutCalls() {
    return permitKeepAliveWithoutCalls;
  }

  /** Server: shut a connection down gracefully after this long without streams (null: never). */
  public Duration maxConnectionIdle() {
    return maxConnectionIdle;
  }

  /** Server: shut a connection down gracefully after this long (null: never). */
  public Duration maxConnectionAge() {
    return maxConnectionAge;
  }

  /** Server: after max age, how long open streams get before the connection is closed (null: forever). */
  public Duration maxConnectionAgeGrace() {
    return maxConnectionAgeGrace;
  }

  /** A count of events allowed per time window before a connection counts as flooding. */
  public record FloodLimit(int events, Duration window) {
    public FloodLimit {
      if (events <= 0 || window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("flood limit needs events > 0 and a positive window");
      }
    }
  }

  /** Builds an {@link Http2Config}; every value is checked when set. */
  public static final class Builder {
    private int maxConcurrentStreams = 1024;
    private int initialStreamWindow = 1 << 20;
    private int connectionWindow = 16 << 20;
    private int maxFrameSize = Http2Settings.DEFAULT_MAX_FRAME_SIZE;
    private int maxHeaderListSize = 16 << 10;
    private int headerTableSize = Http2Settings.DEFAULT_HEADER_TABLE_SIZE;
    private boolean windowAutoTuning = true;
    private int maxAutoTunedWindow = 16 << 20;
    private int streamReadyThreshold = 64 << 10;
    private int maxQueuedControlBytes = 1 << 20;
    private FloodLimit resetFloodLimit = new FloodLimit(1000, Duration.ofSeconds(10));
    private FloodLimit pingFloodLimit = new FloodLimit(10_000, Duration.ofSeconds(10));
    private FloodLimit settingsFloodLimit = new FloodLimit(1000, Duration.ofSeconds(10));
    private FloodLimit emptyFrameFloodLimit = new FloodLimit(1000, Duration.ofSeconds(10));
    private Duration settingsAckTimeout = Duration.ofSeconds(10);
    private Set<String> sensitiveHeaders = Set.of();
    private Duration keepAliveTime = null;
    private Duration keepAliveTimeout = Duration.ofSeconds(20);
    private boolean keepAliveWithoutCalls = false;
    private Duration permitKeepAliveTime = null;
    private boolean permitKeepAliveWithoutCalls = false;
    private Duration maxConnectionIdle = null;
    private Duration maxConnectionAge = null;
    private Duration maxConnectionAgeGrace = null;

    private Builder() {}

    public Builder maxConcurrentStreams(int n) {
      this.maxConcurrentStreams = positive("maxConcurrentStreams", n);
      return this;
    }

    public Builder initialStreamWindow(int bytes) {
      this.initialStreamWindow = positive("initialStreamWindow", bytes);
      return this;
    }

    public Builder connectionWindow(int bytes) {
      if (bytes < Http2Settings.DEFAULT_INITIAL_WINDOW_SIZE) {
        throw new IllegalArgumentException(
            "connectionWindow must be at least 65535 (RFC 9113 §6.9.2 starts it there), got " + bytes);
      }
      this.connectionWindow = bytes;
      return this;
    }

    public Builder maxFrameSize(int bytes) {
      if (bytes < Http2Settings.DEFAULT_MAX_FRAME_SIZE || bytes > Http2Settings.MAX_MAX_FRAME_SIZE) {
        throw new IllegalArgumentException(
            "maxFrameSize must be within 16384..16777215 (RFC 9113 §6.5.2), got " + bytes);
      }
      this.maxFrameSize = bytes;
      return this;
    }

    public Builder maxHeaderListSize(int bytes) {
      this.maxHeaderListSize = positive("maxHeaderListSize", bytes);
      return this;
    }

    public Builder headerTableSize(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("headerTableSize must be >= 0, got " + bytes);
      }
      this.headerTableSize = bytes;
      return this;
    }

    public Builder windowAutoTuning(boolean on) {
      this.windowAutoTuning = on;
      return this;
    }

    public Builder maxAutoTunedWindow(int bytes) {
      this.maxAutoTunedWindow = positive("maxAutoTunedWindow", bytes);
      return this;
    }

    public Builder streamReadyThreshold(int bytes) {
      this.streamReadyThreshold = positive("streamReadyThreshold", bytes);
      return this;
    }

    public Builder maxQueuedControlBytes(int bytes) {
      this.maxQueuedControlBytes = positive("maxQueuedControlBytes", bytes);
      return this;
    }

    public Builder resetFloodLimit(FloodLimit limit) {
      this.resetFloodLimit = limit;
      return this;
    }

    public Builder pingFloodLimit(FloodLimit limit) {
      this.pingFloodLimit = limit;
      return this;
    }

    public Builder settingsFloodLimit(FloodLimit limit) {
      this.settingsFloodLimit = limit;
      return this;
    }

    public Builder emptyFrameFloodLimit(FloodLimit limit) {
      this.emptyFrameFloodLimit = limit;
      return this;
    }

    public Builder settingsAckTimeout(Duration timeout) {
      this.settingsAckTimeout = timeout;
      return this;
    }

    public Builder sensitiveHeaders(Set<String> names) {
      this.sensitiveHeaders = Set.copyOf(names);
      return this;
    }

    public Builder keepAliveTime(Duration value) {
      this.keepAliveTime = value;
      return this;
    }

    public Builder keepAliveTimeout(Duration value) {
      this.keepAliveTimeout = value;
      return this;
    }

    public Builder keepAliveWithoutCalls(boolean value) {
      this.keepAliveWithoutCalls = value;
      return this;
    }

    public Builder permitKeepAliveTime(Duration value) {
      this.permitKeepAliveTime = value;
      return this;
    }

    public Builder permitKeepAliveWithoutCalls(boolean value) {
      this.permitKeepAliveWithoutCalls = value;
      return this;
    }

    public Builder maxConnectionIdle(Duration value) {
      this.maxConnectionIdle = value;
      return this;
    }

    public Builder maxConnectionAge(Duration value) {
      this.maxConnectionAge = value;
      return this;
    }

    public Builder maxConnectionAgeGrace(Duration value) {
      this.maxConnectionAgeGrace = value;
      return this;
    }

    public Http2Config build() {
      return new Http2Config(this);
    }

    private static int positive(String what, int n) {
      if (n <= 0) {
        throw new IllegalArgumentException(what + " must be > 0, got " + n);
      }
      return n;
    }
  }
}
