package dev.continuum.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a node's agent reports about it: capacity, what it can run, accelerators, power, measured
 * links to other nodes, conditions and the addresses it serves on.
 *
 * @param capacity the machine's total cpu and memory
 * @param allocatable what Continuum may hand to workloads (capacity less reserves)
 * @param realtime whether the node offers dedicated cores for real-time components
 */
public record NodeStatus(
        ResourceList capacity,
        ResourceList allocatable,
        Platform platform,
        List<String> runtimes,
        List<Accelerator> accelerators,
        Power power,
        List<Link> links,
        List<Condition> conditions,
        List<NodeAddress> addresses,
        Boolean realtime) {

    public static final NodeStatus EMPTY = new NodeStatus(null, null, null, null, null, null, null, null, null, null);

    public NodeStatus {
        runtimes = Collections2.list(runtimes);
        accelerators = Collections2.list(accelerators);
        links = Collections2.list(links);
        conditions = Collections2.list(conditions);
        addresses = Collections2.list(addresses);
    }

    public Optional<Condition> condition(String type) {
        return conditions.stream().filter(c -> type.equals(c.type())).findFirst();
    }

    /** A copy with the condition of the same type replaced (or added). */
    public NodeStatus withCondition(Condition condition) {
        List<Condition> copy = new ArrayList<>(conditions);
        copy.removeIf(c -> c.type().equals(condition.type()));
        copy.add(condition);
        return new NodeStatus(
                capacity, allocatable, platform, runtimes, accelerators, power, links, copy, addresses, realtime);
    }

    public NodeStatus withLinks(List<Link> value) {
        return new NodeStatus(
                capacity, allocatable, platform, runtimes, accelerators, power, value, conditions, addresses, realtime);
    }

    public NodeStatus withPower(Power value) {
        return new NodeStatus(
                capacity, allocatable, platform, runtimes, accelerators, value, links, conditions, addresses, realtime);
    }

    /** The first address of a type ({@link NodeAddress#GATEWAY}, ...), if reported. */
    public Optional<String> address(String type) {
        return addresses.stream()
                .filter(a -> type.equals(a.type()))
                .map(NodeAddress::address)
                .findFirst();
    }
}
