package dev.continuum.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dense ids for zone, site and region names, so that counting copies per domain works on ints.
 * Ids are never reused; a name seen once keeps its id for the life of the cluster state.
 */
final class DomainIds {

    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();

    int id(String name) {
        if (name == null || name.isEmpty()) {
            return -1;
        }
        Integer id = ids.get(name);
        if (id == null) {
            id = names.size();
            ids.put(name, id);
            names.add(name);
        }
        return id;
    }
}
