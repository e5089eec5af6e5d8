package dev.proxima.examples.image;

/**
 * Pixel work on an uncompressed RGB image: {@code width * height} pixels of three bytes (R, G, B),
 * row by row. Each operation returns a new image and leaves its input alone. No image library:
 * just the byte arithmetic.
 *
 * @param width the number of pixels in a row
 * @param height the number of rows
 * @param pixels {@code width * height * 3} bytes
 */
public record RgbPixels(int width, int height, byte[] pixels) {
  /** Bytes per pixel: red, green, blue. */
  public static final int CHANNELS = 3;

  /** Checks that the sizes agree. */
  public RgbPixels {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("image is empty: " + width + "x" + height);
    }
    if ((long) width * height * CHANNELS != pixels.length) {
      throw new IllegalArgumentException(
          width + "x" + height + " RGB needs " + (long) width * height * CHANNELS + " bytes, got " + pixels.length);
    }
  }

  /** Every pixel as its luma (ITU-R BT.601: 0.299 R + 0.587 G + 0.114 B) in all three channels. */
  public RgbPixels grayscale() {
    byte[] out = new byte[pixels.length];
    for (int i = 0; i < pixels.length; i += CHANNELS) {
      int luma = (299 * channel(i) + 587 * channel(i + 1) + 114 * channel(i + 2) + 500) / 1000;
      out[i] = out[i + 1] = out[i + 2] = (byte) luma;
    }
    return new RgbPixels(width, height, out);
  }

  /** Every channel {@code c} as {@code 255 - c}. */
  public RgbPixels invert() {
    byte[] out = new byte[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      out[i] = (byte) (255 - channel(i));
    }
    return new RgbPixels(width, height, out);
  }

  /**
   * Half the width and height (rounded down): each output pixel is the rounded mean of a 2x2 block.
   *
   * @throws IllegalArgumentException if the image is narrower or lower than two pixels
   */
  public RgbPixels halve() {
    if (width < 2 || height < 2) {
      throw new IllegalArgumentException("cannot halve a " + width + "x" + height + " image");
    }
    int w = width / 2;
    int h = height / 2;
    byte[] out = new byte[w * h * CHANNELS];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < CHANNELS; c++) {
          int sum = channel(offset(2 * x, 2 * y) + c) + channel(offset(2 * x + 1, 2 * y) + c)
              + channel(offset(2 * x, 2 * y + 1) + c) + channel(offset(2 * x + 1, 2 * y + 1) + c);
          out[(y * w + x) * CHANNELS + c] = (byte) ((sum + 2) / 4);
        }
      }
    }
    return new RgbPixels(w, h, out);
  }

  /** The image mirrored left to right. */
  public RgbPixels flipHorizontal() {
    byte[] out = new byte[pixels.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        System.arraycopy(pixels, offset(x, y), out, offset(width - 1 - x, y), CHANNELS);
      }
    }
    return new RgbPixels(width, height, out);
  }

  /** The red, green and blue of the pixel at ({@code x}, {@code y}), each 0..255. */
  public int[] rgb(int x, int y) {
    int i = offset(x, y);
    return new int[] {channel(i), channel(i + 1), channel(i + 2)};
  }

  private int offset(int x, int y) {
    return (y * width + x) * CHANNELS;
  }

  private int channel(int index) {
    return pixels[index] & 0xff;
  }
}
