package dev.proxima.examples;

import dev.proxima.ChannelBuilder;
import dev.proxima.ManagedChannel;
import dev.proxima.Server;
import dev.proxima.ServerBuilder;
import dev.proxima.Status;
import dev.proxima.StatusException;
import dev.proxima.examples.image.ImageProcessorClient;
import dev.proxima.examples.image.ImageProcessorProxima;
import dev.proxima.examples.image.ImageProcessorServer;
import dev.proxima.examples.image.Operation;
import dev.proxima.examples.image.RgbPixels;
import dev.proxima.examples.inventory.InventoryClient;
import dev.proxima.examples.inventory.InventoryProxima;
import dev.proxima.examples.inventory.InventoryServer;
import dev.proxima.examples.inventory.ReserveReply;
import dev.proxima.examples.inventory.StockEvent;
import dev.proxima.examples.robot.HaltResponse;
import dev.proxima.examples.robot.RobotFleetClient;
import dev.proxima.examples.robot.RobotFleetProxima;
import dev.proxima.examples.robot.RobotFleetServer;
import dev.proxima.examples.robot.TelemetryReading;
import dev.proxima.examples.robot.TelemetrySummary;
import dev.proxima.stub.BlockingIterator;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The contract-first examples end to end: one server hosts the image processor, the robot fleet and
 * the inventory, all generated from {@code src/main/proto}, and each scenario calls its service
 * through the generated stubs. Run by {@code ./proxima demo}.
 */
public final class ExamplesDemo {
  private ExamplesDemo() {}

  /** Runs every scenario, printing what happens to {@code out}; throws if any answer is wrong. */
  public static void run(PrintStream out) throws Exception {
    RobotFleetServer fleet = new RobotFleetServer("rover-1", "rover-2", "arm-7");
    Server server = ServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ImageProcessorProxima.bindService(new ImageProcessorServer()))
        .addService(RobotFleetProxima.bindService(fleet))
        .addService(InventoryProxima.bindService(new InventoryServer(Map.of("widget", 5, "gadget", 2))))
        .build()
        .start();
    ManagedChannel channel = ChannelBuilder.forAddress("127.0.0.1", server.port()).build();
    try {
      out.println("examples server on 127.0.0.1:" + server.port()
          + " (ImageProcessor, RobotFleet, Inventory, generated from .proto)");
      imageProcessor(out, new ImageProcessorClient(channel));
      robotFleet(out, new RobotFleetClient(channel), fleet);
      inventory(out, new InventoryClient(channel));
      out.println("examples OK");
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
    }
  }

  /** Grayscale, invert and halve a 4x2 image, and check the pixels. */
  static void imageProcessor(PrintStream out, ImageProcessorClient client) throws StatusException {
    RgbPixels image = SampleImages.gradient(4, 2);
    RgbPixels processed = client.process(image, List.of(Operation.GRAYSCALE, Operation.INVERT, Operation.HALVE));
    RgbPixels expected = image.grayscale().invert().halve();
    check(processed.width() == 2 && processed.height() == 1, "processed size " + processed.width() + "x"
        + processed.height());
    check(Arrays.equals(processed.pixels(), expected.pixels()), "processed pixels differ");
    out.printf("ImageProcessor.ProcessImage  4x2 RGB -> grayscale, invert, halve -> %dx%d, first pixel %s%n",
        processed.width(), processed.height(), Arrays.toString(processed.rgb(0, 0)));
  }

  /** Halt a robot within 100 ms, see a slow halt miss its deadline, stream telemetry. */
  static void robotFleet(PrintStream out, RobotFleetClient client, RobotFleetServer fleet) throws Exception {
    HaltResponse halted = client.halt("rover-1", "obstacle ahead");
    check(halted.getWasMoving() && !fleet.isMoving("rover-1"), "rover-1 was not halted");
    out.println("RobotFleet.Halt rover-1       -> stopped within the 100 ms deadline");

    fleet.setActuatorLatency(Duration.ofMillis(500));
    try {
      client.halt("rover-2", "end of shift");
      throw new IllegalStateException("a 500 ms halt beat its 100 ms deadline");
    } catch (StatusException e) {
      check(e.status().code() == Status.Code.DEADLINE_EXCEEDED, "slow halt ended with " + e.status());
      out.println("RobotFleet.Halt rover-2       -> " + e.status().code() + " (actuators told to take 500 ms)");
    } finally {
      fleet.setActuatorLatency(Duration.ZERO);
    }

    List<TelemetryReading> readings = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String robot = List.of("rover-1", "rover-2", "arm-7").get(i % 3);
      readings.add(TelemetryReading.newBuilder().setRobotId(robot).setTemperatureCelsius(20 + i % 7)
          .setBatteryPercent(100 - i).build());
    }
    TelemetrySummary summary = client.sendTelemetry(readings);
    check(summary.getReadingCount() == 30, "reading count " + summary.getReadingCount());
    check(summary.getMaxTemperatureCelsius() == 26, "max temperature " + summary.getMaxTemperatureCelsius());
    check(summary.getRobotsSeenList().equals(List.of("arm-7", "rover-1", "rover-2")),
        "robots seen " + summary.getRobotsSeenList());
    out.printf("RobotFleet.Telemetry (stream) -> %d readings, max %.1f C, robots %s%n",
        summary.getReadingCount(), summary.getMaxTemperatureCelsius(), summary.getRobotsSeenList());
  }

  /** Reserve like a local call, fail an over-reservation, watch the stock change. */
  static void inventory(PrintStream out, InventoryClient inventory) throws Exception {
    try (BlockingIterator<StockEvent> watch = inventory.watch("widget", 3)) {
      StockEvent initial = watch.next();
      check(initial.getAvailable() == 5 && initial.getCause().equals("initial"), "initial event " + initial);

      ReserveReply reply = inventory.reserve("widget", 3);
      check(reply.getRemaining() == 2, "remaining after reserving 3 of 5: " + reply.getRemaining());
      out.println("Inventory.Reserve 3 widget    -> " + reply.getReservationId() + ", " + reply.getRemaining()
          + " left");
      try {
        inventory.reserve("widget", 10);
        throw new IllegalStateException("reserved 10 widgets out of 2");
      } catch (StatusException e) {
        check(e.status().code() == Status.Code.FAILED_PRECONDITION, "over-reservation ended with " + e.status());
        out.println("Inventory.Reserve 10 widget   -> " + e.status().code() + ": " + e.status().description());
      }
      inventory.reserve("widget", 2);

      List<String> events = new ArrayList<>(List.of(initial.getAvailable() + " (" + initial.getCause() + ")"));
      watch.forEachRemaining(event -> events.add(event.getAvailable() + " (" + event.getCause() + ")"));
      check(events.equals(List.of("5 (initial)", "2 (R-1)", "0 (R-2)")), "watched " + events);
      out.println("Inventory.Watch widget        -> " + String.join(", ", events));
    }
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("examples: " + what);
    }
  }
}
