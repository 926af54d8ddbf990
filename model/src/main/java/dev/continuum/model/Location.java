package dev.continuum.model;

/** Where a node (or a latency target) is: administrative names and, when known, coordinates. */
public record Location(String region, String zone, String site, Double lat, Double lon) {

    public boolean hasCoordinates() {
        return lat != null && lon != null;
    }
}
