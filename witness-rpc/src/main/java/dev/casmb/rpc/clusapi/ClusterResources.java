package dev.casmb.rpc.clusapi;

/**
 * The cluster resources the minimal MS-CMRP service exposes, implemented by the node (its LIF manager).
 * A resource is named by a LIF name, a LIF address or the CIFS server name; what each maps to is the
 * implementation's choice. Called on RPC threads; may block briefly (a replicated commit) but not for long.
 */
public interface ClusterResources {

    /** Resource state values of clusapi_ClusterResourceState ([MS-CMRP] 2.2.3.2). */
    int STATE_ONLINE = 0x2;
    int STATE_OFFLINE = 0x3;
    int STATE_FAILED = 0x4;
    int STATE_UNKNOWN = 0xFFFFFFFF;

    /** Canonical resource name, or null if there is no such resource. */
    String resolve(String name);

    /** One of the STATE_* values. */
    int state(String resource);

    /** The node currently owning the resource (GetResourceState NodeName). */
    String ownerNode(String resource);

    /** The group the resource belongs to (GetResourceState GroupName), e.g. the SVM. */
    String group(String resource);

    /** Brings the resource online; returns a Win32 error code (0 = success). */
    int online(String resource);

    /** Takes the resource offline; returns a Win32 error code (0 = success). */
    int offline(String resource);
}
