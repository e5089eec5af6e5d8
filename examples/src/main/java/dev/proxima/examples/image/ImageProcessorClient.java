package dev.proxima.examples.image;

import dev.proxima.Channel;
import dev.proxima.StatusException;
import java.time.Duration;
import java.util.List;

/** A client of the image processor: sends pixels and operations, gets pixels back. */
public final class ImageProcessorClient {
  private final ImageProcessorProxima.ImageProcessorBlockingStub processor;

  /** A client calling through {@code channel}. */
  public ImageProcessorClient(Channel channel) {
    this.processor = ImageProcessorProxima.newBlockingStub(channel);
  }

  /**
   * Applies {@code operations} to {@code image} on the server and returns the result. The call may
   * take up to ten seconds (a timeout becomes a deadline when the stub is made, so each call makes one).
   */
  public RgbPixels process(RgbPixels image, List<Operation> operations) throws StatusException {
    ProcessImageRequest request = ProcessImageRequest.newBuilder()
        .setImage(ImageProcessorServer.toMessage(image))
        .addAllOperations(operations)
        .build();
    ProcessImageResponse response = processor.withTimeout(Duration.ofSeconds(10)).processImage(request);
    return ImageProcessorServer.fromMessage(response.getImage());
  }
}
