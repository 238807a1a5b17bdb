package dev.agentsociety.agents.dapr;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentsociety.domain.EventJson;
import io.dapr.serializer.DaprObjectSerializer;
import io.dapr.utils.TypeRef;
import java.io.IOException;

/** Lets the Dapr SDK write and read events with the domain's one JSON mapping ({@link EventJson}). */
final class EventSerializer implements DaprObjectSerializer {

    private final ObjectMapper mapper = EventJson.mapper();

    @Override
    public byte[] serialize(Object o) throws IOException {
        if (o == null) {
            return null;
        }
        if (o instanceof byte[] bytes) {
            return bytes;
        }
        return mapper.writeValueAsBytes(o);
    }

    @Override
    public <T> T deserialize(byte[] data, TypeRef<T> type) throws IOException {
        if (data == null || data.length == 0) {
            return null;
        }
        if (type.getType() == byte[].class) {
            @SuppressWarnings("unchecked")
            T bytes = (T) data;
            return bytes;
        }
        return mapper.readValue(data, mapper.constructType(type.getType()));
    }

    @Override
    public String getContentType() {
        return "application/json";
    }
}
