package dev.continuum.model;

/** What a user declares: components, their needs and placement, and the links between them. */
public record Application(
        String apiVersion, String kind, ObjectMeta metadata, ApplicationSpec spec, ApplicationStatus status)
        implements Resource {

    public Application {
        spec = spec == null ? ApplicationSpec.EMPTY : spec;
        status = status == null ? ApplicationStatus.EMPTY : status;
    }

    public static Application of(ObjectMeta metadata, ApplicationSpec spec) {
        return new Application(API_VERSION, "Application", metadata, spec, null);
    }

    @Override
    public Application withMetadata(ObjectMeta value) {
        return new Application(apiVersion, kind, value, spec, status);
    }

    public Application withSpec(ApplicationSpec value) {
        return new Application(apiVersion, kind, metadata, value, status);
    }

    public Application withStatus(ApplicationStatus value) {
        return new Application(apiVersion, kind, metadata, spec, value);
    }
}
