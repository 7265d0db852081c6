package dev.casmb.rpc.swn;

/** A pending RESOURCE_CHANGE (MS-SWN §2.2.2.3): resource name and new ChangeType. */
public record ResourceChange(String resourceName, int changeType) {
}
