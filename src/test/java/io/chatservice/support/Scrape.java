package io.chatservice.support;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.Map;

/** One read of {@code /q/metrics}, in Prometheus' text format. */
public final class Scrape {

    private final Map<String, Double> samples = new HashMap<>();

    private Scrape(String text) {
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
    }

    /** Reads a scrape fetched some other way, e.g. from a {@link ServiceProcess}. */
    public static Scrape of(String text) {
        return new Scrape(text);
    }

    public static Scrape now() {
        return new Scrape(given().when().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /** Every sample's name and labels as printed. */
    public java.util.stream.Stream<String> names() {
        return samples.keySet().stream();
    }

    /** Whether the scrape has this sample (name and labels as printed). */
    public boolean has(String sample) {
        return samples.containsKey(sample);
    }

    /** A sample by its name and labels as printed, e.g. {@code chat_errors_total{code="USER_OFFLINE"}}; 0 if absent. */
    public double value(String sample) {
        return samples.getOrDefault(sample, 0.0);
    }
}
