package dev.trawl.queryui.metricsapi;

/** Writes a number as a Kubernetes resource quantity, to the thousandth as the metrics adapters do. */
final class Quantity {
  private Quantity() {}

  static String of(double value) {
    long milli = Math.round(value * 1000);
    return milli % 1000 == 0 ? Long.toString(milli / 1000) : milli + "m";
  }
}
