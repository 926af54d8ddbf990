package dev.continuum.model;

import com.fasterxml.jackson.annotation.JsonCreator;

/** A layer of the continuum, from the central cloud (rank 0) down to devices (rank 4); declaration order is the rank. */
public enum Tier implements WireEnum {
    CLOUD("cloud"),
    CLOUD_EDGE("cloud-edge"),
    NETWORK_EDGE("network-edge"),
    GATEWAY("gateway"),
    DEVICE("device");

    private final String wire;

    Tier(String wire) {
        this.wire = wire;
    }

    @Override
    public String wireName() {
        return wire;
    }

    @JsonCreator
    public static Tier parse(String text) {
        return WireEnum.parse(Tier.class, "tier", text);
    }
}
