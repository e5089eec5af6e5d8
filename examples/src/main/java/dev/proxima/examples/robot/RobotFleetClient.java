package dev.proxima.examples.robot;

import dev.proxima.Channel;
import dev.proxima.StatusException;
import dev.proxima.stub.BlockingStream;
import java.time.Duration;

/**
 * A client of the fleet. A halt is only worth something if it is quick, so every {@link #halt}
 * carries a 100 ms deadline: a late halt fails with DEADLINE_EXCEEDED instead of hanging.
 */
public final class RobotFleetClient {
  /** The deadline of every halt. */
  public static final Duration HALT_DEADLINE = Duration.ofMillis(100);

  private final RobotFleetProxima.RobotFleetBlockingStub fleet;

  /** A client calling through {@code channel}. */
  public RobotFleetClient(Channel channel) {
    this.fleet = RobotFleetProxima.newBlockingStub(channel);
  }

  /** Stops {@code robotId} within {@link #HALT_DEADLINE} or throws DEADLINE_EXCEEDED. */
  public HaltResponse halt(String robotId, String reason) throws StatusException {
    return fleet.withTimeout(HALT_DEADLINE)
        .halt(HaltRequest.newBuilder().setRobotId(robotId).setReason(reason).build());
  }

  /** Streams {@code readings} to the server (client streaming) and returns its summary. */
  public TelemetrySummary sendTelemetry(Iterable<TelemetryReading> readings)
      throws StatusException, InterruptedException {
    try (BlockingStream<TelemetryReading, TelemetrySummary> stream =
        fleet.withTimeout(Duration.ofSeconds(10)).telemetry()) {
      for (TelemetryReading reading : readings) {
        stream.write(reading);
      }
      stream.halfClose();
      return stream.read();
    }
  }
}
