package dev.tap.optimizer.aws;

/** The parts of an ARN ({@code arn:partition:service:region:account:resource}). */
record Arns(String partition, String service, String region, String account, String resource) {

  /** The parsed ARN, or null when the text is not an ARN. */
  static Arns parse(String text) {
    if (text == null || !text.startsWith("arn:")) return null;
    String[] p = text.split(":", 6);
    if (p.length < 6 || p[2].isEmpty() || p[5].isEmpty()) return null;
    return new Arns(p[1], p[2], p[3], p[4], p[5]);
  }

  /** The region of an ARN, or null when it has none (IAM, global resources) or is not an ARN. */
  static String region(String text) {
    Arns a = parse(text);
    return a == null || a.region.isEmpty() ? null : a.region;
  }

  /** The resource part after the type: {@code cluster:my-db} and {@code table/my-table} give {@code my-db}, {@code my-table}. */
  String resourceName() {
    int i = resource.indexOf(':');
    int j = resource.indexOf('/');
    int cut = i < 0 ? j : j < 0 ? i : Math.min(i, j);
    return cut < 0 ? resource : resource.substring(cut + 1);
  }

  String resourceType() {
    int i = resource.indexOf(':');
    int j = resource.indexOf('/');
    int cut = i < 0 ? j : j < 0 ? i : Math.min(i, j);
    return cut < 0 ? "" : resource.substring(0, cut);
  }
}
