package io.auditsearch.verify.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options, {@code --flag} flags and positional arguments. */
final class Args {
    final Map<String, String> options = new HashMap<>();
    final Set<String> flags = new java.util.HashSet<>();
    final List<String> positional = new ArrayList<>();

    static Args parse(List<String> args, Set<String> valued, Set<String> flagNames) throws UsageException {
        Args a = new Args();
        for (int i = 0; i < args.size(); i++) {
            String s = args.get(i);
            if (s.startsWith("--")) {
                String name = s.substring(2);
                if (flagNames.contains(name)) {
                    a.flags.add(name);
                } else if (valued.contains(name) && i + 1 < args.size()) {
                    a.options.put(name, args.get(++i));
                } else {
                    throw new UsageException("unknown option or missing value: " + s);
                }
            } else {
                a.positional.add(s);
            }
        }
        return a;
    }

    String required(String name) throws UsageException {
        String v = options.get(name);
        if (v == null) {
            throw new UsageException("--" + name + " is required");
        }
        return v;
    }

    long number(String name, long otherwise) throws UsageException {
        String v = options.get(name);
        try {
            return v == null ? otherwise : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " takes a number");
        }
    }

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
