package io.auditsearch.integrity;

import java.time.Instant;

/**
 * What the sequencer knows of one of its logs: the signed tree head it last wrote (size, root,
 * when). The tree's right edge lives in the tiles; the appender keeps the tiles it wrote last.
 */
final class LogState {

    final String log;
    final String tenant;
    long size;
    byte[] root;
    Instant checkpointAt;

    LogState(String log, String tenant, long size, byte[] root, Instant checkpointAt) {
        this.log = log;
        this.tenant = tenant;
        this.size = size;
        this.root = root;
        this.checkpointAt = checkpointAt;
    }
}
