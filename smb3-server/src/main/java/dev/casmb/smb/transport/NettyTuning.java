package dev.casmb.smb.transport;

/** Netty settings that must be in place before Netty's allocator initialises: call first in main(). */
public final class NettyTuning {
    private NettyTuning() { }

    /**
     * Pool chunks of 16 MiB (maxOrder 11) instead of Netty's default 4 MiB, so that the 8 MiB buffers of
     * large READs, WRITEs and their encryption come from the pool: above the chunk size every buffer is a
     * fresh, zeroed allocation. An explicit {@code -Dio.netty.allocator.maxOrder} wins.
     */
    public static void apply() {
        if (System.getProperty("io.netty.allocator.maxOrder") == null) {
            System.setProperty("io.netty.allocator.maxOrder", "11");
        }
    }
}
