package io.auditsearch.elasticsearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The identity the node runs as: the current user, or {@code nobody} through setpriv when that is root. */
record RunAs(int uid, int gid, boolean dropsPrivileges) {

    private static final int NOBODY = 65_534;

    private static final int READ = 4;
    private static final int EXECUTE = 1;

    static RunAs forCurrentUser() throws IOException {
        boolean root;
        try {
            root = (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException _) {
            root = "root".equals(System.getProperty("user.name"));
        }
        return root ? new RunAs(idOf("-u"), idOf("-g"), true) : new RunAs(-1, -1, false);
    }

    private static int idOf(String flag) {
        try {
            Process id = new ProcessBuilder("id", flag, "nobody").redirectErrorStream(true).start();
            String out = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return id.waitFor() == 0 ? Integer.parseInt(out) : NOBODY;
        } catch (IOException | NumberFormatException e) {
            return NOBODY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NOBODY;
        }
    }

    List<String> commandPrefix() {
        return dropsPrivileges ? List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--") : List.of();
    }

    void takeOwnership(List<Path> dirs) throws IOException {
        if (!dropsPrivileges) {
            return;
        }
        for (Path dir : dirs) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.toList()) {
                    if ((int) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS) != uid) {
                        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                    }
                    if ((int) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS) != gid) {
                        Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
                    }
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
    }

    void allowTraversal(Path dir) throws IOException {
        int mode = (int) Files.getAttribute(dir, "unix:mode");
        if ((mode & 0001) == 0) {
            Files.setAttribute(dir, "unix:mode", (mode & 07777) | 0001);
        }
    }

    /** Whether this identity can traverse every directory from / down to {@code dir}. */
    boolean canReach(Path dir) throws IOException {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (!permits(p, EXECUTE)) {
                return false;
            }
        }
        return true;
    }

    void checkCanRun(Path java) throws IOException {
        if (dropsPrivileges && !(canReach(java.toRealPath().getParent()) && permits(java.toRealPath(), READ | EXECUTE))) {
            throw new IOException("Elasticsearch runs as uid " + uid + " but cannot execute the JDK at " + java
                    + "; run the service on a JDK installed where every user can read it (e.g. /usr/lib/jvm)");
        }
    }

    private boolean permits(Path path, int bits) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(path, "unix:uid,gid,mode");
        int mode = (int) attributes.get("mode");
        int shift = (int) attributes.get("uid") == uid ? 6 : (int) attributes.get("gid") == gid ? 3 : 0;
        return ((mode >> shift) & bits) == bits;
    }
}
