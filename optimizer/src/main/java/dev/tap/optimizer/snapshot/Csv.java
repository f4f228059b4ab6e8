package dev.tap.optimizer.snapshot;

import java.util.ArrayList;
import java.util.List;

/** RFC 4180 CSV: fields quoted when they hold a comma, quote or line break; quotes doubled. */
final class Csv {
  private Csv() {}

  static void row(StringBuilder out, String... fields) {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) out.append(',');
      field(out, fields[i]);
    }
    out.append('\n');
  }

  static void field(StringBuilder out, String f) {
    if (f.indexOf(',') < 0 && f.indexOf('"') < 0 && f.indexOf('\n') < 0 && f.indexOf('\r') < 0) {
      out.append(f);
      return;
    }
    out.append('"').append(f.replace("\"", "\"\"")).append('"');
  }

  /** One line (no embedded line breaks: this format never writes them) into fields. */
  static List<String> parse(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (quoted) throw new IllegalArgumentException("unterminated quote");
    out.add(cur.toString());
    return out;
  }
}
