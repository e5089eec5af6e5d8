package dev.proxima.examples.robot;

import dev.proxima.Status;
import dev.proxima.StatusException;
import dev.proxima.stub.ServerCallStreamObserver;
import dev.proxima.stub.StreamObserver;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fleet controller. {@code Halt} stops a robot after the time its actuators take (settable, to
 * show what a deadline does to a slow halt); {@code Telemetry} sums up a stream of readings.
 */
public final class RobotFleetServer implements RobotFleetProxima.RobotFleetService {
  /** Robot id to whether it is moving. */
  private final Map<String, Boolean> moving = new ConcurrentHashMap<>();
  private volatile Duration actuatorLatency = Duration.ZERO;

  /** A fleet of the given robots, all moving. */
  public RobotFleetServer(String... robotIds) {
    for (String id : robotIds) {
      moving.put(id, true);
    }
  }

  /** Makes every following halt take {@code latency} before it answers. */
  public void setActuatorLatency(Duration latency) {
    this.actuatorLatency = latency;
  }

  /** True if {@code robotId} is moving. */
  public boolean isMoving(String robotId) {
    return moving.getOrDefault(robotId, false);
  }

  @Override
  public HaltResponse halt(HaltRequest request) throws StatusException {
    String id = request.getRobotId();
    if (!moving.containsKey(id)) {
      throw Status.NOT_FOUND.withDescription("no robot " + id).asException();
    }
    try {
      // Blocking is fine: handlers run on virtual threads.
      Thread.sleep(actuatorLatency);
    } catch (InterruptedException e) {
      throw Status.CANCELLED.withDescription("halt interrupted").asException();
    }
    boolean wasMoving = moving.put(id, false);
    return HaltResponse.newBuilder().setRobotId(id).setWasMoving(wasMoving).build();
  }

  @Override
  public StreamObserver<TelemetryReading> telemetry(ServerCallStreamObserver<TelemetrySummary> responses) {
    return new TelemetrySummarizer(responses);
  }

  /** Folds the readings of one Telemetry call; answers with the summary when the client is done. */
  private static final class TelemetrySummarizer implements StreamObserver<TelemetryReading> {
    private final ServerCallStreamObserver<TelemetrySummary> responses;
    private final Set<String> robotsSeen = new TreeSet<>();
    private int count;
    private double maxTemperature = Double.NEGATIVE_INFINITY;

    TelemetrySummarizer(ServerCallStreamObserver<TelemetrySummary> responses) {
      this.responses = responses;
    }

    @Override
    public void onNext(TelemetryReading reading) {
      count++;
      maxTemperature = Math.max(maxTemperature, reading.getTemperatureCelsius());
      robotsSeen.add(reading.getRobotId());
    }

    @Override
    public void onError(Throwable t) {
      // The client went away: nothing to answer.
    }

    @Override
    public void onCompleted() {
      responses.onNext(TelemetrySummary.newBuilder()
          .setReadingCount(count)
          .setMaxTemperatureCelsius(count == 0 ? 0 : maxTemperature)
          .addAllRobotsSeen(robotsSeen)
          .build());
      responses.onCompleted();
    }
  }
}
