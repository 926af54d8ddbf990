package dev.continuum.apiserver;

import dev.continuum.model.codec.ResourceCodec;
import dev.continuum.store.KeyValue;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON encoding of the control plane's own records (credentials, tokens) in the state store. */
final class StoredRecords {

    private StoredRecords() {}

    static byte[] encode(Object record) {
        return ResourceCodec.get().encode(record);
    }

    static <T> T decode(KeyValue kv, Class<T> type) {
        try {
            return ResourceCodec.get().json().readValue(kv.value(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("the stored record " + kv.key() + " is not readable", e);
        }
    }
}
