package io.ferry.runtime.plugin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * An immutable snapshot of the discovered plugins, by location, kind, class name and alias.
 * {@link Plugins} replaces its snapshot whenever a location is added or removed, so readers never
 * lock.
 */
final class PluginIndex {

    /**
     * Which of several descriptors of one class wins: the highest version, then a plugin location
     * over the class path, then the location that sorts last (deterministic).
     */
    static final Comparator<PluginDesc> PREFERENCE = Comparator
            .comparing(PluginDesc::version, VersionOrder.INSTANCE)
            .thenComparing(PluginDesc::isolated)
            .thenComparing(PluginDesc::location);

    private static final Comparator<PluginDesc> LISTING = Comparator
            .comparing(PluginDesc::kind)
            .thenComparing(PluginDesc::className)
            .thenComparing(PREFERENCE.reversed());

    static final PluginIndex EMPTY = new PluginIndex(Map.of());

    private final Map<String, List<PluginDesc>> byLocation;
    private final Map<String, List<PluginDesc>> byClassName = new HashMap<>();
    private final Map<PluginKind, Map<String, Set<String>>> classNamesByAlias = new EnumMap<>(PluginKind.class);
    private final List<PluginDesc> all;

    private PluginIndex(Map<String, List<PluginDesc>> byLocation) {
        this.byLocation = byLocation;
        List<PluginDesc> list = new ArrayList<>();
        byLocation.values().forEach(list::addAll);
        list.sort(LISTING);
        this.all = List.copyOf(list);
        for (PluginDesc desc : all) {
            byClassName.computeIfAbsent(desc.className(), n -> new ArrayList<>()).add(desc);
            Map<String, Set<String>> aliases = classNamesByAlias.computeIfAbsent(desc.kind(), k -> new HashMap<>());
            for (String alias : desc.aliases()) {
                aliases.computeIfAbsent(alias, a -> new TreeSet<>()).add(desc.className());
            }
        }
    }

    /** A copy of this index with the plugins of {@code location} replaced (or added). */
    PluginIndex with(String location, List<PluginDesc> plugins) {
        Map<String, List<PluginDesc>> copy = new LinkedHashMap<>(byLocation);
        copy.put(location, List.copyOf(plugins));
        return new PluginIndex(copy);
    }

    /** A copy of this index without the plugins of {@code location}. */
    PluginIndex without(String location) {
        Map<String, List<PluginDesc>> copy = new LinkedHashMap<>(byLocation);
        copy.remove(location);
        return new PluginIndex(copy);
    }

    boolean contains(String location) {
        return byLocation.containsKey(location);
    }

    Set<String> locations() {
        return byLocation.keySet();
    }

    List<PluginDesc> all() {
        return all;
    }

    List<PluginDesc> ofKind(PluginKind kind) {
        return all.stream().filter(d -> d.kind() == kind).toList();
    }

    /**
     * The plugin of one of {@code kinds} named {@code name} (class name or alias), or {@code null}
     * if there is none.
     *
     * @throws ConnectException if an alias names several classes, or the class is of another kind
     */
    PluginDesc find(Set<PluginKind> kinds, String name) {
        List<PluginDesc> byClass = byClassName.getOrDefault(name, List.of());
        List<PluginDesc> matching = byClass.stream().filter(d -> kinds.contains(d.kind())).toList();
        if (!matching.isEmpty()) {
            return preferred(matching);
        }
        Set<String> classNames = new TreeSet<>();
        for (PluginKind kind : kinds) {
            classNames.addAll(classNamesByAlias.getOrDefault(kind, Map.of()).getOrDefault(name, Set.of()));
        }
        if (classNames.size() > 1) {
            throw new ConnectException("The " + describe(kinds) + " name '" + name + "' is ambiguous: it matches "
                    + String.join(", ", classNames) + ". Use the full class name");
        }
        if (classNames.size() == 1) {
            String className = classNames.iterator().next();
            return preferred(byClassName.get(className).stream().filter(d -> kinds.contains(d.kind())).toList());
        }
        if (!byClass.isEmpty()) {
            String actual = byClass.stream().map(d -> d.kind().displayName()).distinct().collect(Collectors.joining(" and "));
            throw new ConnectException("Class " + name + " is a " + actual + ", not a " + describe(kinds));
        }
        return null;
    }

    /** A list of the available plugins of {@code kinds} for error messages. */
    String available(Set<PluginKind> kinds) {
        Map<String, PluginDesc> preferred = new LinkedHashMap<>();
        for (PluginDesc desc : all) {
            if (kinds.contains(desc.kind())) {
                preferred.merge(desc.className(), desc, (a, b) -> PREFERENCE.compare(a, b) >= 0 ? a : b);
            }
        }
        if (preferred.isEmpty()) {
            return "none";
        }
        return preferred.values().stream()
                .sorted(Comparator.comparing(PluginDesc::className))
                .map(d -> d.className() + " " + d.version() + " (" + d.location() + ")")
                .collect(Collectors.joining(", "));
    }

    static PluginDesc preferred(Collection<PluginDesc> descs) {
        return descs.stream().max(PREFERENCE).orElseThrow();
    }

    /** "connector" for both connector kinds, else the kinds' names joined with "or". */
    static String describe(Set<PluginKind> kinds) {
        if (kinds.equals(Set.of(PluginKind.SOURCE_CONNECTOR, PluginKind.SINK_CONNECTOR))) {
            return "connector";
        }
        return kinds.stream().map(PluginKind::displayName).collect(Collectors.joining(" or "));
    }

    /**
     * Orders version strings part by part (split at '.', '-' and '+'): numeric parts numerically,
     * numbers after words, other parts as text, a missing part first (1.9 &lt; 1.10 &lt; 1.10.1);
     * {@code undefined} sorts before every version.
     */
    enum VersionOrder implements Comparator<String> {
        INSTANCE;

        @Override
        public int compare(String a, String b) {
            boolean aUndefined = PluginDesc.UNDEFINED_VERSION.equals(a);
            boolean bUndefined = PluginDesc.UNDEFINED_VERSION.equals(b);
            if (aUndefined || bUndefined) {
                return Boolean.compare(bUndefined, aUndefined);
            }
            String[] left = a.split("[.\\-+]");
            String[] right = b.split("[.\\-+]");
            for (int i = 0; i < Math.max(left.length, right.length); i++) {
                String l = i < left.length ? left[i] : "";
                String r = i < right.length ? right[i] : "";
                int result = comparePart(l, r);
                if (result != 0) {
                    return result;
                }
            }
            return 0;
        }

        private static int comparePart(String l, String r) {
            boolean lNumeric = !l.isEmpty() && l.chars().allMatch(Character::isDigit);
            boolean rNumeric = !r.isEmpty() && r.chars().allMatch(Character::isDigit);
            if (lNumeric && rNumeric) {
                String lt = l.replaceFirst("^0+(?=.)", "");
                String rt = r.replaceFirst("^0+(?=.)", "");
                return lt.length() != rt.length() ? Integer.compare(lt.length(), rt.length()) : lt.compareTo(rt);
            }
            if (l.isEmpty() != r.isEmpty()) {
                return l.isEmpty() ? -1 : 1;
            }
            if (lNumeric != rNumeric) {
                return lNumeric ? 1 : -1;
            }
            return l.compareTo(r);
        }
    }
}
