package io.ferry.runtime.cli.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TableTest {

    private static String render(Table table, boolean colours) {
        StringWriter text = new StringWriter();
        table.print(new PrintWriter(text), new Colours(colours));
        return text.toString();
    }

    @Test
    void padsColumnsToTheWidestCellWithoutTrailingBlanks() {
        Table table = new Table("NAME", "STATE", "TASKS").row("a-long-connector-name", "RUNNING", "1/1").row("b", "FAILED", null);
        assertThat(render(table, false)).isEqualTo("""
                NAME                    STATE     TASKS
                a-long-connector-name   RUNNING   1/1
                b                       FAILED
                """);
    }

    @Test
    void coloursOnlyTheHeaderAndStatesAndKeepsTheColumnsAligned() {
        Table table = new Table("NAME", "STATE", "CLASS").stateColumn("STATE").row("x", "RUNNING", "A").row("y", "FAILED", "B")
                .row("z", "odd", "C");
        String coloured = render(table, true);
        assertThat(coloured).contains("\u001b[1mNAME\u001b[0m").contains("\u001b[32mRUNNING\u001b[0m").contains("\u001b[31mFAILED\u001b[0m")
                .contains("odd ");
        assertThat(coloured.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(render(table, false));
        assertThat(render(table, false)).doesNotContain("\u001b");
    }

    @Test
    void aHeaderAloneForNoRows() {
        Table table = new Table("KEY", "ERROR");
        assertThat(table.isEmpty()).isTrue();
        assertThat(render(table, false)).isEqualTo("KEY   ERROR\n");
    }
}
