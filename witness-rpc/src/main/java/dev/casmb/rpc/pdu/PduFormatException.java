package dev.casmb.rpc.pdu;

/** A PDU that violates C706 ch. 12 / [MS-RPCE] 2.2.2 framing; the connection answers with a fault or drops. */
public final class PduFormatException extends Exception {
    public PduFormatException(String message) {
        super(message);
    }
}
