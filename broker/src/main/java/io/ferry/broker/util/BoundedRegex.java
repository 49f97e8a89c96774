package io.ferry.broker.util;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A client-supplied regular expression matched with a bound on the work: Java's engine backtracks, so a pattern such
 * as {@code (a+)+b} could hold a network thread for minutes. The input is read through a counting view, and a match
 * that reads more than {@code budget} characters counts as no match.
 */
public final class BoundedRegex {

    private final Pattern pattern;
    private final int budget;

    private BoundedRegex(Pattern pattern, int budget) {
        this.pattern = pattern;
        this.budget = budget;
    }

    /**
     * Compiles {@code regex}.
     *
     * @throws PatternSyntaxException if it is not a valid expression
     */
    public static BoundedRegex compile(String regex, int budget) {
        return new BoundedRegex(Pattern.compile(regex), budget);
    }

    /** Whether the whole of {@code input} matches, within the budget. */
    public boolean matches(String input) {
        try {
            return pattern.matcher(new Counting(input, budget)).matches();
        } catch (BudgetExceeded e) {
            return false;
        }
    }

    private static final class BudgetExceeded extends RuntimeException {
        BudgetExceeded() {
            super(null, null, false, false);
        }
    }

    private static final class Counting implements CharSequence {
        private final String text;
        private final int[] left;
        private final int from;
        private final int to;

        Counting(String text, int budget) {
            this(text, new int[] {budget}, 0, text.length());
        }

        private Counting(String text, int[] left, int from, int to) {
            this.text = text;
            this.left = left;
            this.from = from;
            this.to = to;
        }

        @Override
        public int length() {
            return to - from;
        }

        @Override
        public char charAt(int index) {
            if (--left[0] < 0) {
                throw new BudgetExceeded();
            }
            return text.charAt(from + index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Counting(text, left, from + start, from + end);
        }

        @Override
        public String toString() {
            return text.substring(from, to);
        }
    }
}
