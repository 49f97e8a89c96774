package io.ferry.runtime.cli.connectors;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A plain text table: upper-case headers, columns padded to their widest cell and separated by three spaces, no
 * trailing blanks. Headers are bold and the state columns coloured only when {@link Colours} are enabled, after the
 * padding is computed on the plain text.
 */
public final class Table {

    private static final String GAP = "   ";

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();
    private final Set<Integer> stateColumns = new HashSet<>();

    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    /** Adds a row; null cells print as empty, missing cells too. */
    public Table row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            row.add(i < cells.length && cells[i] != null ? String.valueOf(cells[i]) : "");
        }
        rows.add(row);
        return this;
    }

    /** Marks the column with this header as holding states (coloured by {@link Colours#state}). */
    public Table stateColumn(String header) {
        stateColumns.add(headers.indexOf(header));
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    public void print(PrintWriter out, Colours colours) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        out.println(line(headers, widths, colours, true));
        for (List<String> row : rows) {
            out.println(line(row, widths, colours, false));
        }
        out.flush();
    }

    private String line(List<String> cells, int[] widths, Colours colours, boolean header) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            String shown = header ? colours.bold(cell) : stateColumns.contains(i) ? colours.state(cell) : cell;
            line.append(shown);
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - cell.length())).append(GAP);
            }
        }
        return line.toString().stripTrailing();
    }
}
