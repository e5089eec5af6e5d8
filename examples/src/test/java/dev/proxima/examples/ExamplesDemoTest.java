package dev.proxima.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The demo that ./proxima demo runs: every scenario passes its own checks. */
class ExamplesDemoTest {
  @Test
  void runsEveryScenario() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ExamplesDemo.run(new PrintStream(printed, true, StandardCharsets.UTF_8));
    String out = printed.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("ImageProcessor.ProcessImage"), out);
    assertTrue(out.contains("DEADLINE_EXCEEDED"), out);
    assertTrue(out.contains("FAILED_PRECONDITION"), out);
    assertTrue(out.endsWith("examples OK" + System.lineSeparator()), out);
  }
}
