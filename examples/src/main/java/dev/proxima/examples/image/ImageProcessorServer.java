package dev.proxima.examples.image;

import com.google.protobuf.ByteString;
import dev.proxima.Status;
import dev.proxima.StatusException;

/**
 * The image processor: applies the requested operations to the pixels, in order. A request without
 * an image, with pixels that don't match its size, or with an unknown operation gets
 * INVALID_ARGUMENT.
 */
public final class ImageProcessorServer implements ImageProcessorProxima.ImageProcessorService {
  @Override
  public ProcessImageResponse processImage(ProcessImageRequest request) throws StatusException {
    long start = System.nanoTime();
    RgbImage image = request.getImage();
    RgbPixels pixels;
    try {
      pixels = new RgbPixels(image.getWidth(), image.getHeight(), image.getPixels().toByteArray());
      for (Operation operation : request.getOperationsList()) {
        pixels = apply(operation, pixels);
      }
    } catch (IllegalArgumentException e) {
      throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException();
    }
    return ProcessImageResponse.newBuilder()
        .setImage(toMessage(pixels))
        .setProcessingMicros((System.nanoTime() - start) / 1_000)
        .build();
  }

  private static RgbPixels apply(Operation operation, RgbPixels pixels) {
    return switch (operation) {
      case GRAYSCALE -> pixels.grayscale();
      case INVERT -> pixels.invert();
      case HALVE -> pixels.halve();
      case FLIP_HORIZONTAL -> pixels.flipHorizontal();
      case OPERATION_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalArgumentException("unknown operation " + operation);
    };
  }

  /** The message form of {@code pixels}. */
  public static RgbImage toMessage(RgbPixels pixels) {
    return RgbImage.newBuilder()
        .setWidth(pixels.width())
        .setHeight(pixels.height())
        .setPixels(ByteString.copyFrom(pixels.pixels()))
        .build();
  }

  /** The pixels of {@code image}; throws IllegalArgumentException if its sizes don't agree. */
  public static RgbPixels fromMessage(RgbImage image) {
    return new RgbPixels(image.getWidth(), image.getHeight(), image.getPixels().toByteArray());
  }
}
