package dev.continuum.apiserver;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.continuum.model.codec.ResourceCodec;

/**
 * The JSON the API answers with: the codec's, minus derived {@code isX()} properties (a Node's
 * {@code isReady()}, an Instance's {@code isBound()}) that the codec's mapper would write and its
 * strict reader rejects, so that what the API answers can be sent back to it unchanged.
 */
final class Wire {

    static final ObjectMapper MAPPER =
            ResourceCodec.get().json().copy().setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE);

    private Wire() {}

    static byte[] encode(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }
}
