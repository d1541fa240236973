package io.auditsearch.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name=value} integer options of a benchmark, with defaults; an unknown name is an error. */
final class BenchOptions {

    private BenchOptions() {
    }

    static Map<String, Integer> parse(String[] args, Map<String, Integer> defaults) {
        Map<String, Integer> values = new HashMap<>(defaults);
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            if (kv.length != 2 || !defaults.containsKey(kv[0])) {
                throw new IllegalArgumentException("unknown option " + arg + "; known: " + defaults.keySet());
            }
            values.put(kv[0], Integer.parseInt(kv[1].replace("_", "")));
        }
        return values;
    }
}
