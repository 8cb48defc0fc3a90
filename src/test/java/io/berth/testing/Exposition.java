package io.berth.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Prometheus text exposition read as Prometheus reads it: metric families with their HELP and
 * TYPE, and samples with their labels (quoted values may hold braces, commas and escapes).
 */
public record Exposition(
    Map<String, String> help, Map<String, String> types, List<Sample> samples) {

  /** One line of the exposition: the sample's name, its labels and its value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  public static Exposition parse(String text) {
    Map<String, String> help = new LinkedHashMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
        String[] parts = line.substring(7).split(" ", 2);
        (line.startsWith("# HELP ") ? help : types)
            .put(parts[0], parts.length > 1 ? parts[1].strip() : "");
      } else if (!line.startsWith("#")) {
        samples.add(sample(line));
      }
    }
    return new Exposition(help, types, samples);
  }

  /** The family a sample belongs to: {@code x_bucket}, {@code x_count}, {@code x_sum} are x's. */
  public String family(String sampleName) {
    for (String suffix : List.of("_bucket", "_count", "_sum", "_created")) {
      if (sampleName.endsWith(suffix)) {
        String base = sampleName.substring(0, sampleName.length() - suffix.length());
        if (types.containsKey(base)) {
          return base;
        }
      }
    }
    return sampleName;
  }

  public List<Sample> named(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** Every label name any sample carries. */
  public Set<String> labelNames() {
    Set<String> names = new TreeSet<>();
    samples.forEach(s -> names.addAll(s.labels().keySet()));
    return names;
  }

  private static Sample sample(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String label = line.substring(i, eq).strip();
        StringBuilder value = new StringBuilder();
        int j = eq + 2; // past ="
        while (line.charAt(j) != '"') {
          char c = line.charAt(j);
          if (c == '\\') {
            char next = line.charAt(++j);
            value.append(next == 'n' ? '\n' : next);
          } else {
            value.append(c);
          }
          j++;
        }
        labels.put(label, value.toString());
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      i++;
    }
    String[] rest = line.substring(i).strip().split(" ");
    return new Sample(name, labels, Double.parseDouble(rest[0].replace("Inf", "Infinity")));
  }
}
