package io.auditsearch.stream;

/** Turns a stored event into the bytes one destination reads: ECS JSON as stored, OCSF API Activity, or CEF. */
public interface PayloadFormat {

    byte[] format(StreamedEvent event);
}
