package dev.casmb.rpc;

/** Where an {@link RpcConnection} sends outbound PDUs; implemented by each transport. */
public interface PduSink {
    void send(byte[] pdu);

    /** Flushes what was sent and closes the transport connection. */
    void close();
}
