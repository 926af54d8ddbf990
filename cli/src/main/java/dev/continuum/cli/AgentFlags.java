package dev.continuum.cli;

import dev.continuum.agent.AgentOptions;
import dev.continuum.model.DurationText;
import dev.continuum.model.Tier;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The flags that describe a node, shared by {@code continuum agent} and {@code continuum up}. */
final class AgentFlags {

    @Option(names = "--node-name", paramLabel = "NAME", description = "This node's name (default: the host name).")
    String nodeName;

    @Option(names = "--tier", paramLabel = "TIER", description = "cloud, cloud-edge, network-edge, gateway or device.")
    String tier;

    @Option(names = "--parent", paramLabel = "NODE", description = "The node this one's uplink goes through.")
    String parent;

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A node label (repeatable).")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--region", paramLabel = "NAME")
    String region;

    @Option(names = "--zone", paramLabel = "NAME")
    String zone;

    @Option(names = "--site", paramLabel = "NAME")
    String site;

    @Option(names = "--lat", paramLabel = "DEGREES", description = "Latitude of the node.")
    Double lat;

    @Option(names = "--lon", paramLabel = "DEGREES", description = "Longitude of the node.")
    Double lon;

    @Option(
            names = "--arch",
            paramLabel = "ARCH",
            description = "Declare the CPU architecture (amd64, arm64, riscv64, ...) instead of the discovered one.")
    String arch;

    @Option(
            names = "--os",
            paramLabel = "OS",
            description = "Declare the operating system instead of the discovered one.")
    String os;

    @Option(
            names = "--gateway-address",
            paramLabel = "URL",
            description = "The URL other nodes reach this node's gateway at (default: derived from the host).")
    String gatewayAddress;

    @Option(
            names = "--lease-renew-interval",
            paramLabel = "DURATION",
            description = "How often the node's lease is renewed (default by tier: 2s for cloud and cloud-edge,"
                    + " 5s for network-edge and gateway, 10s for device).")
    String leaseRenewInterval;

    @Option(
            names = "--lease-duration",
            paramLabel = "DURATION",
            description = "How long one renewal counts: the grace after which the node is unreachable (default:"
                    + " renewal x 3 + the tier's network allowance + 3s for a store failover; 10s for cloud).")
    String leaseDuration;

    @Option(
            names = "--restart-backoff",
            paramLabel = "DURATION",
            description = "The first delay before a failed service restarts; it doubles each time (default: 1s).")
    String restartBackoff;

    @Option(
            names = "--restart-backoff-max",
            paramLabel = "DURATION",
            description = "The longest delay between restarts (default: 5m).")
    String restartBackoffMax;

    @Option(
            names = "--mqtt-broker",
            paramLabel = "URL",
            description = "The MQTT broker (mqtt://HOST:1883 or mqtts://HOST:8883) for components granted messaging"
                    + " and functions with mqtt triggers (default: none; such components fail with NoBroker).")
    String mqttBroker;

    @Option(names = "--config", paramLabel = "FILE", description = "A YAML file with these settings; flags win.")
    Path config;

    AgentOptions.Builder apply(AgentOptions.Builder b) {
        try {
            if (nodeName != null) {
                b.nodeName(nodeName);
            }
            if (tier != null) {
                b.tier(Tier.parse(tier));
            }
            if (parent != null) {
                b.parent(parent);
            }
            labels.forEach(b::label);
            if (region != null) {
                b.region(region);
            }
            if (zone != null) {
                b.zone(zone);
            }
            if (site != null) {
                b.site(site);
            }
            if (lat != null || lon != null) {
                if (lat == null || lon == null) {
                    throw new CliException(ExitCodes.USAGE, "give both --lat and --lon");
                }
                b.coordinates(lat, lon);
            }
            if (arch != null) {
                b.arch(arch);
            }
            if (os != null) {
                b.os(os);
            }
            if (gatewayAddress != null) {
                b.gatewayAddress(gatewayAddress);
            }
            if (leaseRenewInterval != null) {
                b.leaseRenewInterval(DurationText.parse(leaseRenewInterval));
            }
            if (leaseDuration != null) {
                b.leaseDuration(DurationText.parse(leaseDuration));
            }
            if (restartBackoff != null) {
                b.restartBackoff(DurationText.parse(restartBackoff));
            }
            if (restartBackoffMax != null) {
                b.restartBackoffMax(DurationText.parse(restartBackoffMax));
            }
            if (mqttBroker != null) {
                b.mqttBroker(mqttBroker);
            }
            if (config != null) {
                b.configFile(config);
            }
            return b;
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.USAGE, e.getMessage());
        }
    }
}
