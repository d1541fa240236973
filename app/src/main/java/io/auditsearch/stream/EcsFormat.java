package io.auditsearch.stream;

import jakarta.inject.Named;
import jakarta.inject.Singleton;

/** ECS JSON exactly as stored in Elasticsearch. */
@Singleton
@Named("ecs")
class EcsFormat implements PayloadFormat {

    @Override
    public byte[] format(StreamedEvent event) {
        return event.source();
    }
}
