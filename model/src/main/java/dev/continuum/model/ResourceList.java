package dev.continuum.model;

/** An amount of cpu (cores) and memory (bytes), as requested by a component or offered by a node. */
public record ResourceList(Quantity cpu, Quantity memory) {

    public static final ResourceList NONE = new ResourceList(null, null);

    public long cpuMilli() {
        return cpu == null ? 0 : cpu.milliValue();
    }

    public long memoryBytes() {
        return memory == null ? 0 : memory.longValue();
    }
}
