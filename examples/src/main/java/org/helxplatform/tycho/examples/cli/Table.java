package org.helxplatform.tycho.examples.cli;

import java.util.ArrayList;
import java.util.List;

/** A text table with aligned columns, as {@code kubectl get} prints: a header row, then one row per item. */
final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    /** @param headers the column names */
    Table(String... headers) {
        this.columns = headers.length;
        rows.add(headers);
    }

    /**
     * Adds a row.
     *
     * @param cells one value per column; {@code null} prints as {@code -}
     * @return this
     */
    Table row(Object... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + columns
                    + " columns");
        }
        String[] row = new String[columns];
        for (int i = 0; i < columns; i++) {
            row[i] = cells[i] == null ? "-" : String.valueOf(cells[i]);
        }
        rows.add(row);
        return this;
    }

    /** @return whether the table has no rows besides its header */
    boolean isEmpty() {
        return rows.size() == 1;
    }

    /** @return the rows, one per line, each column as wide as its widest cell plus two spaces */
    String render() {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }
}
