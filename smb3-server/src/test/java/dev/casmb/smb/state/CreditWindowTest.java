package dev.casmb.smb.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CreditWindowTest {
    @Test
    void firstNegotiateUsesIdZeroOnce() {
        CreditWindow w = new CreditWindow(100);
        assertTrue(w.consume(0, 1));
        assertFalse(w.consume(0, 1), "replayed message id");
        assertFalse(w.consume(1, 1), "id not yet granted");
    }

    @Test
    void grantsExtendTheWindowAndOutOfOrderIdsAreAccepted() {
        CreditWindow w = new CreditWindow(100);
        w.consume(0, 1);
        assertEquals(10, w.grant(10, 1));
        assertTrue(w.consume(5, 1));
        assertTrue(w.consume(1, 4));
        assertFalse(w.consume(4, 1), "4 was consumed by the multi-credit request");
        assertTrue(w.consume(6, 5));
        assertFalse(w.consume(11, 1));
    }

    @Test
    void multiCreditRequestMustFitInTheWindow() {
        CreditWindow w = new CreditWindow(100);
        w.consume(0, 1);
        w.grant(3, 1);
        assertFalse(w.consume(1, 4));
        assertTrue(w.consume(1, 3));
    }

    @Test
    void outstandingCreditsAreBounded() {
        CreditWindow w = new CreditWindow(16);
        w.consume(0, 1);
        assertEquals(16, w.grant(1000, 1));
        assertEquals(0, w.grant(5, 0), "no room left");
        assertTrue(w.consume(1, 1));
        assertEquals(1, w.grant(5, 0));
    }

    @Test
    void hugeIdsDoNotWrap() {
        CreditWindow w = new CreditWindow(16);
        w.consume(0, 1);
        w.grant(5, 1);
        assertFalse(w.consume(Long.MAX_VALUE, 2));
        assertFalse(w.consume(-1, 1));
    }
}
