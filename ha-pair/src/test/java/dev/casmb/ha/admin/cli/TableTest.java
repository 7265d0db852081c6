package dev.casmb.ha.admin.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TableTest {

    @Test
    void goldenOutputWithTwoLineHeadersAndNumbers() {
        Table t = new Table("Node", "Partner", "Takeover\nPossible", "Opens", "State Description")
                .row("node-a", "node-b", true, 12, "Connected to node-b")
                .row("node-b", "node-a", false, 3456, null);
        String expected = ""
                + "               Takeover\n"
                + "Node   Partner Possible Opens State Description\n"
                + "------ ------- -------- ----- -------------------\n"
                + "node-a node-b  true        12 Connected to node-b\n"
                + "node-b node-a  false     3456 -\n";
        assertEquals(expected, t.render());
    }

    @Test
    void explicitRightAlignmentAndControlCharacters() {
        Table t = new Table("Aggregate", "Size").align(1, Table.Align.RIGHT)
                .row("aggr1", "100GB")
                .row("bad\tname", "5GB");
        String expected = ""
                + "Aggregate  Size\n"
                + "--------- -----\n"
                + "aggr1     100GB\n"
                + "bad name    5GB\n";
        assertEquals(expected, t.render());
    }

    @Test
    void footer() {
        Table one = new Table("A").row("x");
        assertEquals("A\n-\nx\n", one.renderWithFooter());
        Table two = new Table("A").row("x").row("y");
        assertEquals("A\n-\nx\ny\n\n2 entries were displayed.\n", two.renderWithFooter());
        assertEquals("There are no entries matching your query.\n", new Table("A").renderWithFooter());
    }

    @Test
    void rowWidthMustMatch() {
        assertThrows(IllegalArgumentException.class, () -> new Table("A", "B").row("x"));
    }
}
