package dev.continuum.agent.capability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.continuum.wasm.capability.LocalMessageBroker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class NamespacedBrokerTest {

    private final LocalMessageBroker wire = new LocalMessageBroker();
    private final List<String> onWire = new CopyOnWriteArrayList<>();

    NamespacedBrokerTest() {
        wire.subscribe("#", (topic, payload) -> onWire.add(topic));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aNamespacesTopicsLiveUnderContinuumSlashNamespaceOnTheWire() {
        new NamespacedBroker(wire, "shop").publish("sensors/temp", bytes("21"));

        assertThat(onWire).containsExactly("continuum/shop/sensors/temp");
        assertThat(NamespacedBroker.onWire("shop", "sensors/#")).isEqualTo("continuum/shop/sensors/#");
    }

    @Test
    void subscribersSeeTheirNamespacesTopicsWithoutThePrefixAndNeverAnotherNamespaces() {
        var shop = new NamespacedBroker(wire, "shop");
        var blog = new NamespacedBroker(wire, "blog");
        var seenByShop = new CopyOnWriteArrayList<String>();
        var seenByBlog = new CopyOnWriteArrayList<String>();
        shop.subscribe("#", (topic, payload) -> seenByShop.add(topic));
        blog.subscribe("#", (topic, payload) -> seenByBlog.add(topic));

        shop.publish("orders/new", bytes("1"));
        blog.publish("posts/new", bytes("2"));
        wire.publish("elsewhere/x", bytes("3"));

        assertThat(seenByShop).containsExactly("orders/new");
        assertThat(seenByBlog).containsExactly("posts/new");
    }

    @Test
    void closingASubscriptionEndsIt() {
        var shop = new NamespacedBroker(wire, "shop");
        var seen = new CopyOnWriteArrayList<String>();
        var subscription = shop.subscribe("orders/+", (topic, payload) -> seen.add(topic));

        shop.publish("orders/1", bytes("a"));
        subscription.close();
        shop.publish("orders/2", bytes("b"));

        assertThat(seen).containsExactly("orders/1");
    }
}
