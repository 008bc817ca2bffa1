package io.chatservice.cluster.redis;

import java.util.ArrayList;
import java.util.List;

import io.chatservice.cluster.Departure;
import io.chatservice.core.Scope;
import io.vertx.redis.client.Response;

/** Reads what the presence scripts answer: arrays of strings, and departures as (scope tag, user) pairs. */
final class ScriptReplies {

    private ScriptReplies() {
    }

    static List<String> strings(Response array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            for (Response item : array) {
                out.add(item.toString());
            }
        }
        return out;
    }

    /** @param pairs (scope tag, user) pairs: {@code p} for the private channel, {@code r:<room>} for a room */
    static List<Departure> departures(Response pairs) {
        List<String> flat = strings(pairs);
        List<Departure> departures = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            String tag = flat.get(i);
            Scope scope = tag.equals("p") ? Scope.PRIVATE_CHANNEL : Scope.room(tag.substring(2));
            departures.add(new Departure(scope, flat.get(i + 1)));
        }
        return departures;
    }
}
