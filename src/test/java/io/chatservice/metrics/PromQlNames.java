package io.chatservice.metrics;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects, as they must appear in a scrape: what is left once label values,
 * label matchers, ranges, grouping labels, Grafana variables, numbers, functions and keywords are taken out.
 * Grafana's {@code label_values(metric, label)} is read as its metric.
 */
final class PromQlNames {

    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\s*\\(\\s*([^,()]+?)\\s*,[^()]*\\)");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+|\\[\\[\\w+]]");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*]");
    /** {@code by (a, b)}, {@code without}, {@code on}, {@code ignoring}, {@code group_left}, {@code group_right}. */
    private static final Pattern LABEL_LIST = Pattern.compile(
            "\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern OFFSET = Pattern.compile("\\boffset\\s+-?[0-9a-z]+", Pattern.CASE_INSENSITIVE);
    /** A number, duration or identifier, so that the 5m of a duration is never read as a name m. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_:.]+");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
    private static final Pattern CALLED = Pattern.compile("\\s*\\(");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "inf", "nan", "start", "end", "atan2");

    private PromQlNames() {
    }

    static Set<String> in(String expression) {
        String rest = STRING.matcher(expression).replaceAll(" ");
        rest = LABEL_VALUES.matcher(rest).replaceAll("$1");
        rest = VARIABLE.matcher(rest).replaceAll(" ");
        rest = MATCHERS.matcher(rest).replaceAll(" ");
        rest = RANGE.matcher(rest).replaceAll(" ");
        rest = LABEL_LIST.matcher(rest).replaceAll(" ");
        rest = OFFSET.matcher(rest).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher token = TOKEN.matcher(rest);
        while (token.find()) {
            String word = token.group();
            boolean function = CALLED.matcher(rest).region(token.end(), rest.length()).lookingAt();
            if (NAME.matcher(word).matches() && !function && !KEYWORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }
}
