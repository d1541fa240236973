package io.auditsearch.verify.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The RFC 6962/9162 hasher vectors of transparency-dev/merkle rfc6962/rfc6962_test.go. */
@Tag("unit")
class TreeHasherTest {
    private final TreeHasher hasher = new TreeHasher();

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void emptyRootIsTheHashOfNothing() {
        assertArrayEquals(hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"), hasher.emptyRoot());
    }

    @Test
    void emptyLeafIsNotTheEmptyRoot() {
        assertArrayEquals(hex("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
                hasher.leafHash(new byte[0]));
    }

    @Test
    void leafHashHasTheZeroPrefix() {
        assertArrayEquals(hex("395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56"),
                hasher.leafHash("L123456".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void nodeHashHasTheOnePrefix() {
        assertArrayEquals(hex("aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb"),
                hasher.nodeHash("N123".getBytes(StandardCharsets.US_ASCII), "N456".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void nodeIsNotALeafOfTheConcatenation() {
        byte[] a = hasher.leafHash("Hello".getBytes(StandardCharsets.US_ASCII));
        byte[] b = hasher.leafHash("World".getBytes(StandardCharsets.US_ASCII));
        byte[] both = Arrays.copyOf(a, 64);
        System.arraycopy(b, 0, both, 32, 32);
        assertFalse(Arrays.equals(hasher.nodeHash(a, b), hasher.leafHash(both)));
        assertFalse(Arrays.equals(hasher.nodeHash(a, b), hasher.nodeHash(b, a)));
    }
}
