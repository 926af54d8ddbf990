package dev.continuum.model;

/** What happened and why, for people: a scheduling failure, a restart, a node gone. */
public record Event(String apiVersion, String kind, ObjectMeta metadata, EventSpec spec) implements Resource {

    public static Event of(ObjectMeta metadata, EventSpec spec) {
        return new Event(API_VERSION, "Event", metadata, spec);
    }

    @Override
    public Event withMetadata(ObjectMeta value) {
        return new Event(apiVersion, kind, value, spec);
    }
}
