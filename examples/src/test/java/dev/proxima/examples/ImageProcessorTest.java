package dev.proxima.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import dev.proxima.Status;
import dev.proxima.StatusException;
import dev.proxima.examples.image.ImageProcessorClient;
import dev.proxima.examples.image.ImageProcessorProxima;
import dev.proxima.examples.image.ImageProcessorServer;
import dev.proxima.examples.image.Operation;
import dev.proxima.examples.image.ProcessImageRequest;
import dev.proxima.examples.image.RgbImage;
import dev.proxima.examples.image.RgbPixels;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The image processor through its generated stubs, and the pixel operations themselves. */
class ImageProcessorTest {
  private static ExamplesServer server;
  private static ImageProcessorClient client;

  @BeforeAll
  static void start() throws Exception {
    server = new ExamplesServer(ImageProcessorProxima.bindService(new ImageProcessorServer()));
    client = new ImageProcessorClient(server.channel);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static RgbPixels image(int width, int height, int... rgb) {
    byte[] pixels = new byte[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      pixels[i] = (byte) rgb[i];
    }
    return new RgbPixels(width, height, pixels);
  }

  @Test
  void grayscaleUsesLumaWeights() {
    RgbPixels gray = image(2, 1, 255, 0, 0, 10, 200, 30).grayscale();
    assertArrayEquals(new int[] {76, 76, 76}, gray.rgb(0, 0));
    assertArrayEquals(new int[] {124, 124, 124}, gray.rgb(1, 0));
  }

  @Test
  void invertHalveAndFlipWorkOnPixels() {
    RgbPixels image = image(2, 2, 0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 255);
    assertArrayEquals(new int[] {255, 245, 235}, image.invert().rgb(0, 0));
    RgbPixels half = image.halve();
    assertEquals(1, half.width());
    assertEquals(1, half.height());
    assertArrayEquals(new int[] {45, 55, 101}, half.rgb(0, 0));
    assertArrayEquals(image.rgb(1, 1), image.flipHorizontal().rgb(0, 1));
  }

  @Test
  void processImageAppliesTheOperationsInOrderOnTheServer() throws Exception {
    RgbPixels image = SampleImages.gradient(64, 48);
    List<Operation> operations = List.of(Operation.FLIP_HORIZONTAL, Operation.HALVE, Operation.GRAYSCALE,
        Operation.INVERT);
    RgbPixels processed = client.process(image, operations);
    assertEquals(32, processed.width());
    assertEquals(24, processed.height());
    assertArrayEquals(image.flipHorizontal().halve().grayscale().invert().pixels(), processed.pixels());
  }

  @Test
  void aLargeImageGoesThroughIntact() throws Exception {
    RgbPixels image = SampleImages.gradient(1024, 768); // 2.25 MiB each way, past the 1 MiB stream window
    assertArrayEquals(image.invert().pixels(), client.process(image, List.of(Operation.INVERT)).pixels());
  }

  @Test
  void anEmptyImageIsAnInvalidArgument() {
    StatusException e = assertThrows(StatusException.class, () -> ImageProcessorProxima
        .newBlockingStub(server.channel)
        .processImage(ProcessImageRequest.newBuilder().addOperations(Operation.INVERT).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.status().code());
    assertEquals("image is empty: 0x0", e.status().description());
  }

  @Test
  void pixelsThatDoNotMatchTheSizeAreAnInvalidArgument() {
    RgbImage wrong = RgbImage.newBuilder().setWidth(2).setHeight(2)
        .setPixels(ByteString.copyFrom(new byte[5])).build();
    StatusException e = assertThrows(StatusException.class, () -> ImageProcessorProxima
        .newBlockingStub(server.channel)
        .processImage(ProcessImageRequest.newBuilder().setImage(wrong).build()));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.status().code());
  }

  @Test
  void halvingASinglePixelIsAnInvalidArgument() {
    StatusException e = assertThrows(StatusException.class,
        () -> client.process(image(1, 1, 1, 2, 3), List.of(Operation.HALVE)));
    assertEquals(Status.Code.INVALID_ARGUMENT, e.status().code());
  }
}
