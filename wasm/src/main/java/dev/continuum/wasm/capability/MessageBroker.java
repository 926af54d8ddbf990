package dev.continuum.wasm.capability;

import java.util.function.BiConsumer;

/**
 * The MQTT side of the {@code messaging} capability; the agent implements it over its broker
 * connection. Topic checks against the grant happen before these calls, so an implementation
 * only moves messages.
 *
 * <p>Contract: thread-safe; {@code publish} may be asynchronous but must not lose a message it
 * accepted; deliveries to a subscription's consumer may come on any thread. A broker failure is a
 * {@link BrokerException}, which the guest sees as {@link AbiStatus#UNAVAILABLE}.
 */
public interface MessageBroker {
    void publish(String topic, byte[] payload);

    /**
     * Starts delivering messages whose topic matches {@code filter} (MQTT wildcards {@code +} and
     * {@code #}) to {@code consumer(topic, payload)} until the returned handle is closed.
     */
    Subscription subscribe(String filter, BiConsumer<String, byte[]> consumer);

    /** An active subscription. Closing it twice is harmless. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /** The broker could not take or deliver a message. */
    final class BrokerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public BrokerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
