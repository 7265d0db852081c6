package dev.casmb.rpc;

/**
 * Resource bounds of the runtime. Defaults follow Samba/Windows: fragments up to 5840 bytes (C706
 * MustRecvFragSize 1432 as the floor), requests up to 4 MiB reassembled.
 */
public record RpcLimits(int maxFragSize, int minFragSize, int maxRequestBytes, int maxContextsPerConnection,
        int maxOutstandingCalls, int maxAssociations, int maxHandlesPerAssociation) {

    public static RpcLimits defaults() {
        return new RpcLimits(5840, 1432, 4 * 1024 * 1024, 32, 64, 4096, 1024);
    }

    public RpcLimits withMaxFragSize(int n) {
        return new RpcLimits(n, minFragSize, maxRequestBytes, maxContextsPerConnection, maxOutstandingCalls,
                maxAssociations, maxHandlesPerAssociation);
    }

    public RpcLimits withMaxRequestBytes(int n) {
        return new RpcLimits(maxFragSize, minFragSize, n, maxContextsPerConnection, maxOutstandingCalls,
                maxAssociations, maxHandlesPerAssociation);
    }
}
