/**
 * A minimal MS-CMRP (clusapi v3.0) subset on the witness endpoint: Open/Close/GetResourceState/Online/OfflineResource,
 * enough for smbtorture's rpc.witness AsyncNotify test to toggle the CIFS server resource; every other opnum faults.
 * The resources behind it come from the node through {@link dev.casmb.rpc.clusapi.ClusterResources} (implemented in
 * {@code ha-pair}).
 */
package dev.casmb.rpc.clusapi;
