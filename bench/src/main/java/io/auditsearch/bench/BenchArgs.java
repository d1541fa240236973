package io.auditsearch.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A benchmark's options, {@code --name value} or {@code --name=value}, each with a default; an
 * unknown name is an error, {@code --help} prints them all.
 */
final class BenchArgs {

    private final Map<String, String> values;
    private final boolean help;

    private BenchArgs(Map<String, String> values, boolean help) {
        this.values = values;
        this.help = help;
    }

    static BenchArgs parse(String[] args, Map<String, String> defaults) {
        Map<String, String> values = new LinkedHashMap<>(defaults);
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                help = true;
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            String name = eq > 0 ? arg.substring(2, eq) : arg.substring(2);
            if (!defaults.containsKey(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: " + defaults);
            }
            if (eq < 0 && i + 1 >= args.length) {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            values.put(name, eq > 0 ? arg.substring(eq + 1) : args[++i]);
        }
        return new BenchArgs(values, help);
    }

    boolean help() {
        return help;
    }

    String text(String name) {
        return values.get(name);
    }

    int integer(String name) {
        return Integer.parseInt(values.get(name).replace("_", ""));
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(values.get(name));
    }

    /** All options with their values, for the run's header. */
    String describe() {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append("--").append(k).append(' ').append(v));
        return sb.toString();
    }
}
