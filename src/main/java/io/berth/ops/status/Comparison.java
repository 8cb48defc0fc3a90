package io.berth.ops.status;

/** A numeric comparison of a condition: {@code == != < <= > >=} against a number. */
record Comparison(String operator, double value) {
  static final java.util.List<String> OPERATORS =
      java.util.List.of("==", "!=", "<=", ">=", "<", ">");

  boolean test(double actual) {
    return switch (operator) {
      case "==" -> actual == value;
      case "!=" -> actual != value;
      case "<" -> actual < value;
      case "<=" -> actual <= value;
      case ">" -> actual > value;
      case ">=" -> actual >= value;
      default -> throw new IllegalStateException(operator);
    };
  }

  @Override
  public String toString() {
    return operator
        + " "
        + (value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value));
  }
}
