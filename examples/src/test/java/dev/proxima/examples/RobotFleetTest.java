package dev.proxima.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxima.Deadline;
import dev.proxima.Status;
import dev.proxima.StatusException;
import dev.proxima.examples.robot.HaltRequest;
import dev.proxima.examples.robot.HaltResponse;
import dev.proxima.examples.robot.RobotFleetClient;
import dev.proxima.examples.robot.RobotFleetProxima;
import dev.proxima.examples.robot.RobotFleetServer;
import dev.proxima.examples.robot.TelemetryReading;
import dev.proxima.examples.robot.TelemetrySummary;
import dev.proxima.stub.ClientCallStreamObserver;
import dev.proxima.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The robot fleet: a halt with a 100 ms deadline and client-streamed telemetry. */
class RobotFleetTest {
  private RobotFleetServer fleet;
  private ExamplesServer server;
  private RobotFleetClient client;

  @BeforeEach
  void start() throws Exception {
    fleet = new RobotFleetServer("rover-1", "rover-2");
    server = new ExamplesServer(RobotFleetProxima.bindService(fleet));
    client = new RobotFleetClient(server.channel);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static TelemetryReading reading(String robot, double temperature) {
    return TelemetryReading.newBuilder().setRobotId(robot).setTemperatureCelsius(temperature).build();
  }

  @Test
  void haltStopsTheRobotWithinItsDeadline() throws Exception {
    HaltResponse first = client.halt("rover-1", "test");
    assertTrue(first.getWasMoving());
    assertFalse(fleet.isMoving("rover-1"));
    assertFalse(client.halt("rover-1", "again").getWasMoving());
    assertTrue(fleet.isMoving("rover-2"));
  }

  @Test
  void aHaltPastItsHundredMillisecondDeadlineIsDeadlineExceeded() {
    fleet.setActuatorLatency(Duration.ofMillis(1_000));
    long start = System.nanoTime();
    StatusException e = assertThrows(StatusException.class, () -> client.halt("rover-2", "too slow"));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(Status.Code.DEADLINE_EXCEEDED, e.status().code());
    assertTrue(tookMillis >= 90 && tookMillis < 900, "the call ended after " + tookMillis + " ms");
  }

  @Test
  void withDeadlineOnTheFutureStubEndsASlowHaltToo() {
    fleet.setActuatorLatency(Duration.ofMillis(1_000));
    CompletableFuture<HaltResponse> halt = RobotFleetProxima.newFutureStub(server.channel)
        .withDeadline(Deadline.after(Duration.ofMillis(100)))
        .halt(HaltRequest.newBuilder().setRobotId("rover-1").build());
    ExecutionException e = assertThrows(ExecutionException.class, () -> halt.get(5, TimeUnit.SECONDS));
    assertEquals(Status.Code.DEADLINE_EXCEEDED, ((StatusException) e.getCause()).status().code());
  }

  @Test
  void haltingAnUnknownRobotIsNotFound() {
    StatusException e = assertThrows(StatusException.class, () -> client.halt("ghost", "test"));
    assertEquals(Status.Code.NOT_FOUND, e.status().code());
  }

  @Test
  void telemetryIsSummarisedWhenTheClientStreamEnds() throws Exception {
    List<TelemetryReading> readings = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      readings.add(reading(i % 2 == 0 ? "rover-2" : "rover-1", 20 + (i % 100) / 10.0));
    }
    readings.add(reading("arm-7", 81.5));
    TelemetrySummary summary = client.sendTelemetry(readings);
    assertEquals(1_001, summary.getReadingCount());
    assertEquals(81.5, summary.getMaxTemperatureCelsius());
    assertEquals(List.of("arm-7", "rover-1", "rover-2"), summary.getRobotsSeenList());
  }

  @Test
  void anEmptyTelemetryStreamGivesAnEmptySummary() throws Exception {
    TelemetrySummary summary = client.sendTelemetry(List.of());
    assertEquals(0, summary.getReadingCount());
    assertEquals(List.of(), summary.getRobotsSeenList());
  }

  @Test
  void telemetryThroughTheAsyncStub() throws Exception {
    CompletableFuture<TelemetrySummary> result = new CompletableFuture<>();
    ClientCallStreamObserver<TelemetryReading> readings = RobotFleetProxima.newStub(server.channel)
        .telemetry(new StreamObserver<>() {
          @Override
          public void onNext(TelemetrySummary value) {
            result.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            result.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {}
        });
    readings.onNext(reading("rover-1", 30));
    readings.onNext(reading("rover-1", 35));
    readings.onCompleted();
    TelemetrySummary summary = result.get(10, TimeUnit.SECONDS);
    assertEquals(2, summary.getReadingCount());
    assertEquals(35, summary.getMaxTemperatureCelsius());
  }
}
