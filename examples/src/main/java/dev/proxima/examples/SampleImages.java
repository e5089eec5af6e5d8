package dev.proxima.examples;

import dev.proxima.examples.image.RgbPixels;

/** Small images with known pixels, for the demo and the tests. */
public final class SampleImages {
  private SampleImages() {}

  /** A {@code width x height} image: red rises left to right, green top to bottom, blue is 64. */
  public static RgbPixels gradient(int width, int height) {
    byte[] pixels = new byte[width * height * RgbPixels.CHANNELS];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = (y * width + x) * RgbPixels.CHANNELS;
        pixels[i] = (byte) (width == 1 ? 0 : 255 * x / (width - 1));
        pixels[i + 1] = (byte) (height == 1 ? 0 : 255 * y / (height - 1));
        pixels[i + 2] = 64;
      }
    }
    return new RgbPixels(width, height, pixels);
  }
}
