package dev.continuum.scheduler.network;

/**
 * The last-resort latency guess from coordinates: great-circle distance at the speed of light in
 * fibre (about 200 km per ms each way), stretched by half again for routes that are not straight,
 * plus a millisecond for the equipment on the way. Paris to Berlin (880 km) comes out at 14 ms;
 * measured figures are 10 to 20 ms.
 */
public final class GeoEstimate {

    /** Fixed cost of the switches, radios and stacks at both ends. */
    public static final double BASE_RTT_MS = 1.0;

    /** Round trip per km: 2 / (200 km/ms) times a route stretch of 1.5. */
    public static final double RTT_MS_PER_KM = 0.015;

    private static final double EARTH_RADIUS_KM = 6371.0;

    private GeoEstimate() {}

    /** Great-circle distance between two points given in degrees. */
    public static double distanceKm(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double h =
                Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }

    /** Estimated round-trip time between two points given in degrees. */
    public static double rttMs(double lat1, double lon1, double lat2, double lon2) {
        return BASE_RTT_MS + RTT_MS_PER_KM * distanceKm(lat1, lon1, lat2, lon2);
    }
}
