package io.ferry.connect.nifi.mapping;

import java.util.regex.Pattern;

/** Names matching an include regex and not an exclude regex (an empty regex matches nothing). */
public final class AttributeFilter {

    private final Pattern include;
    private final Pattern exclude;

    public AttributeFilter(String include, String exclude) {
        this.include = compile(include);
        this.exclude = compile(exclude);
    }

    public boolean accepts(String name) {
        return include != null && include.matcher(name).matches() && (exclude == null || !exclude.matcher(name).matches());
    }

    private static Pattern compile(String regex) {
        return regex == null || regex.isEmpty() ? null : Pattern.compile(regex);
    }
}
