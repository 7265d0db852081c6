package dev.casmb.smb.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * docs/DESIGN.md "CA state survival fixes", persistent ids: persistent ids were per-node counters from 1, while the
 * pair's replicated state keys handle records by id alone; they collided once both nodes owned aggregates. Each
 * node now tags its ids.
 */
class PersistentIdTest {
    @Test
    void idsOfTheTwoNodesNeverCollideAndSurviveARestart() {
        OpenTable a = new OpenTable();
        OpenTable b = new OpenTable();
        a.setPersistentIdTag(1);
        b.setPersistentIdTag(2);
        long ia = a.newPersistentId();
        long ib = b.newPersistentId();
        assertNotEquals(ia, ib);
        assertEquals(1, ia >>> 56);
        assertEquals(2, ib >>> 56);
        // B reloads one of A's handles after a takeover: its own counter is not moved by A's ids
        long before = b.newPersistentId();
        b.reservePersistentId(ia + 1_000_000);
        assertEquals(before + 1, b.newPersistentId());
        // a restarted A starts past the ids it made before (time-seeded counter), and past any it reloads
        OpenTable restarted = new OpenTable();
        restarted.setPersistentIdTag(1);
        restarted.reservePersistentId(ia + 5);
        assertTrue(restarted.newPersistentId() > ia + 5);
    }
}
