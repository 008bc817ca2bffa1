package io.chatservice.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.chatservice.protocol.ErrorCode;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

/**
 * Holds the documentation against the code, both ways: docs/settings.md's table against {@link ChatConfig}, the
 * README's short table of the main settings against it too, docs/protocol.md's error codes against
 * {@link ErrorCode}, and application.properties against the defaults, which live in one place, {@code @WithDefault}.
 * Plain JUnit: it reads the files and walks ChatConfig by reflection, so a new setting or code needs no change here.
 */
class DocumentedSettingsTest {

    private static final Path SETTINGS = Path.of("docs", "settings.md");
    private static final Path README = Path.of("README.md");
    private static final Path PROTOCOL = Path.of("docs", "protocol.md");
    private static final Path PROPERTIES = Path.of("src", "main", "resources", "application.properties");

    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    /** Every setting of ChatConfig by its full key, with its @WithDefault value or null. */
    private static Map<String, String> settings;
    private static String prefix;

    @BeforeAll
    static void walkChatConfig() {
        ConfigMapping mapping = ChatConfig.class.getAnnotation(ConfigMapping.class);
        prefix = mapping.prefix();
        settings = new TreeMap<>();
        walk(ChatConfig.class, prefix, mapping.namingStrategy(), settings);
    }

    @Test
    void theWalkFindsEverySettingAndNamesItAsTheServiceReadsIt() {
        assertFalse(settings.isEmpty());
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDiscoveredConverters()
                .withMapping(ChatConfig.class)
                .build();
        List<String> problems = new ArrayList<>();
        settings.forEach((key, value) -> {
            if (value != null && !value.equals(config.getRawValue(key))) {
                problems.add(key + ": the service reads " + config.getRawValue(key) + ", the walk found " + value);
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void everySettingIsInTheSettingsPageWithItsDefault() throws IOException {
        Map<String, String> documented = documentedSettings();
        List<String> problems = new ArrayList<>();
        settings.forEach((key, value) -> {
            if (!documented.containsKey(key)) {
                problems.add(key + " is missing from the table of docs/settings.md");
            } else if (value != null && !value.equals(documented.get(key))) {
                problems.add(key + ": docs/settings.md says " + documented.get(key) + ", @WithDefault says " + value);
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void everySettingInTheSettingsPageIsReal() throws IOException {
        Set<String> unknown = new TreeSet<>(documentedSettings().keySet());
        unknown.removeAll(settings.keySet());

        assertEquals(Set.of(), unknown, "rows of docs/settings.md that are no setting of ChatConfig");
    }

    /** The README's short table: real settings only, each with the default the full table gives it. */
    @Test
    void theReadmesMainSettingsAreRealWithTheirDefaults() throws IOException {
        Map<String, String> main = readmeSettings();
        Map<String, String> documented = documentedSettings();
        assertFalse(main.isEmpty(), "the README has no settings in its table under '## Main settings'");
        List<String> problems = new ArrayList<>();
        main.forEach((key, value) -> {
            if (!settings.containsKey(key)) {
                problems.add(key + " is no setting of ChatConfig");
            } else if (!value.equals(documented.get(key))) {
                problems.add(key + ": the README says " + value + ", docs/settings.md says " + documented.get(key));
            }
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void everyErrorCodeIsDocumented() throws IOException {
        Set<String> missing = Arrays.stream(ErrorCode.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
        missing.removeAll(documentedErrorCodes());

        assertEquals(Set.of(), missing, "error codes missing from docs/protocol.md");
    }

    @Test
    void everyDocumentedErrorCodeExists() throws IOException {
        Set<String> unknown = new TreeSet<>(documentedErrorCodes());
        for (ErrorCode code : ErrorCode.values()) {
            unknown.remove(code.name());
        }

        assertEquals(Set.of(), unknown, "codes in docs/protocol.md that ErrorCode does not have");
    }

    @Test
    void applicationPropertiesRepeatsNoDefault() throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(PROPERTIES, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        List<String> problems = new ArrayList<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            // A profile's key (%dev.chat.…) is held against the default too.
            String setting = key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
            if (!setting.startsWith(prefix + ".")) {
                continue;
            }
            String value = properties.getProperty(key).trim();
            if (!settings.containsKey(setting)) {
                problems.add(key + " is no setting of ChatConfig");
            } else if (value.equals(settings.get(setting))) {
                problems.add(key + "=" + value + " repeats its @WithDefault: drop the line");
            }
        }
        assertEquals(List.of(), problems);
    }

    /** Adds the leaves of a config group; a method returning another of our interfaces is a nested group. */
    private static void walk(Class<?> group, String path, ConfigMapping.NamingStrategy naming, Map<String, String> out) {
        for (Method method : group.getMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0) {
                continue;
            }
            WithName withName = method.getAnnotation(WithName.class);
            String name = withName != null ? withName.value() : naming.apply(method.getName());
            String key = method.isAnnotationPresent(WithParentName.class) ? path : path + "." + name;
            Class<?> type = valueType(method);
            if (type.isInterface() && type.getPackageName().startsWith(ChatConfig.class.getPackageName())) {
                walk(type, key, naming, out);
            } else {
                WithDefault withDefault = method.getAnnotation(WithDefault.class);
                out.put(key, withDefault == null ? null : withDefault.value());
            }
        }
    }

    /** The return type, or T of an Optional<T>. */
    private static Class<?> valueType(Method method) {
        Type type = method.getGenericReturnType();
        if (type instanceof ParameterizedType generic && generic.getRawType() == Optional.class
                && generic.getActualTypeArguments()[0] instanceof Class<?> inner) {
            return inner;
        }
        return method.getReturnType();
    }

    /** Every setting: rows {@code | `chat.x.y` | `default` | meaning |} of docs/settings.md's table of them. */
    private static Map<String, String> documentedSettings() throws IOException {
        return settingsIn(SETTINGS, "## The service's own settings");
    }

    /** The README's short table of the main settings, in the same form. */
    private static Map<String, String> readmeSettings() throws IOException {
        return settingsIn(README, "## Main settings");
    }

    private static Map<String, String> settingsIn(Path file, String heading) throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        for (List<String> row : firstTableUnder(file, heading)) {
            String key = code(row.get(0));
            if (key.startsWith(prefix + ".")) {
                documented.put(key, row.size() > 1 ? code(row.get(1)) : "");
            }
        }
        return documented;
    }

    private static Set<String> documentedErrorCodes() throws IOException {
        return firstTableUnder(PROTOCOL, "## Error codes").stream().map(row -> code(row.get(0)))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** A cell's text inside its backticks, or the whole cell where it has none. */
    private static String code(String cell) {
        Matcher code = CODE.matcher(cell);
        return code.matches() ? code.group(1) : cell;
    }

    /** The body rows of the first Markdown table after the heading and before the next one, as trimmed cells. */
    static List<List<String>> firstTableUnder(Path file, String heading) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int at = lines.indexOf(heading);
        if (at < 0) {
            throw new AssertionError(file + " has no heading '" + heading + "'");
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = at + 1; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.startsWith("|")) {
                rows.add(cells(line));
            } else if (!rows.isEmpty() || line.startsWith("#")) {
                break;
            }
        }
        if (rows.size() < 2) {
            throw new AssertionError(file + " has no table under '" + heading + "'");
        }
        // The header and the |---| line.
        return rows.subList(2, rows.size());
    }

    private static List<String> cells(String line) {
        String inner = line.substring(1, line.endsWith("|") && line.length() > 1 ? line.length() - 1 : line.length());
        List<String> cells = new ArrayList<>();
        for (String cell : inner.split("(?<!\\\\)\\|", -1)) {
            cells.add(cell.replace("\\|", "|").trim());
        }
        return cells;
    }
}
