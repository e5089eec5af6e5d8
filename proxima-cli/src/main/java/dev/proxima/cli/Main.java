package dev.proxima.cli;

/** Entry point of the {@code ./proxima} launcher. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("usage: proxima demo | echo-server --port=N");
  }
}
