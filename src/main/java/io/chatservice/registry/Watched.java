package io.chatservice.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names one private connection watches, by form ({@link io.chatservice.protocol.NameForms#userForm}), each as the
 * connection last wrote it. Touched on the connection's event loop only.
 */
public final class Watched {

    private final Map<String, String> byForm = new HashMap<>();

    public int size() {
        return byForm.size();
    }

    public boolean has(String form) {
        return byForm.containsKey(form);
    }

    public Collection<String> forms() {
        return byForm.keySet();
    }

    void put(String form, String name) {
        byForm.put(form, name);
    }

    boolean remove(String form) {
        return byForm.remove(form) != null;
    }

    /** The names watched, as the connection wrote them, sorted. */
    public List<String> names() {
        List<String> names = new ArrayList<>(byForm.values());
        names.sort(null);
        return names;
    }
}
