package io.ferry.broker.config;

import java.util.Collection;
import java.util.Locale;

/** The known key closest to a misspelled one (edit distance), for "did you mean" in warnings. */
public final class KeySuggestions {

    private KeySuggestions() {
    }

    /**
     * The known key nearest to {@code key}, or null if none is near: at most a third of the key's
     * length in single-character edits (at least 2).
     */
    public static String closest(String key, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lower = key.toLowerCase(Locale.ROOT);
        for (String candidate : known) {
            int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance || distance == bestDistance && best != null && candidate.compareTo(best) < 0) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 3) ? best : null;
    }

    /** " (did you mean X?)" or an empty text. */
    public static String hint(String key, Collection<String> known) {
        String closest = closest(key, known);
        return closest == null ? "" : " (did you mean " + closest + "?)";
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
