package dev.proxima.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassArchiveTrainingTest {
  @Test
  void servesAndCallsItsOwnBenchServerAndSucceeds() throws Exception {
    assertEquals(0, ClassArchiveTraining.run(Map.of()));
  }

  @Test
  void rejectsFlagsItDoesNotKnowWithStatus2() throws Exception {
    assertEquals(2, ClassArchiveTraining.run(Map.of("port", "1")));
  }
}
