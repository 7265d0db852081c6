package dev.casmb.ha.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the admin shell drives. The HA pair implements it; an in-memory {@code FakeAdminBackend} (test sources) is a
 * version for tests and for running the shell alone ({@code AdminShellDemo}, test sources too).
 *
 * <p>Methods return plain records. Expected failures (unknown node, takeover not possible, share
 * exists...) are reported by throwing {@link AdminException} with a readable message. Any other
 * exception is shown as an internal error (and logged with its stack trace on the server only).
 * Methods may be called concurrently from several admin sessions.
 */
public interface AdminBackend {

    // ---- cluster / HA ---------------------------------------------------------------------------

    /** {@code cluster show}. */
    record NodeInfo(String name, boolean healthy, boolean eligible, Duration uptime, String version) {}

    /** {@code storage failover show}: one row per node. */
    record FailoverStatus(String node, String partner, boolean takeoverPossible, String stateDescription) {}

    List<NodeInfo> clusterNodes();

    /**
     * {@code cluster ring show}: the Raft group as this node sees it (role, last contact) and this node's
     * commit latency (submit to applied, group commit included) since it started.
     */
    record RingMember(String member, String role, String lastContact, String commits, String p50, String p99, String max) {}

    default List<RingMember> clusterRing() {
        return List.of();
    }

    List<FailoverStatus> failoverStatus();

    /** Planned (or, with {@code immediate}, abrupt) takeover of {@code ofNode} by its partner. Returns a message to print, or null. */
    String takeover(String ofNode, boolean immediate);

    /** Gives back the storage and LIFs of {@code ofNode} (which must be up again). Returns a message to print, or null. */
    String giveback(String ofNode);

    // ---- aggregates -----------------------------------------------------------------------------

    record AggregateInfo(String name, long sizeBytes, long availableBytes, String state, String homeNode,
                         String currentNode, int volumes) {}

    List<AggregateInfo> aggregates();

    /** Moves ownership of {@code aggregates} from {@code sourceNode} to {@code destinationNode}. */
    String relocateAggregates(String sourceNode, String destinationNode, List<String> aggregates);

    // ---- LIFs -----------------------------------------------------------------------------------

    record LifInfo(String vserver, String name, String adminStatus, String operStatus, String address,
                   String homeNode, String currentNode, String currentPort, boolean home) {}

    List<LifInfo> lifs();

    String migrateLif(String lif, String destinationNode);

    String revertLif(String lif);

    // ---- CIFS shares ----------------------------------------------------------------------------

    /** Known share properties; {@code continuously-available} makes opens persistent. */
    Set<String> SHARE_PROPERTIES = Set.of("continuously-available", "oplocks", "browsable",
            "changenotify", "encrypt-data", "access-based-enumeration", "show-previous-versions");

    record ShareInfo(String vserver, String name, String path, Set<String> properties, String comment) {}

    List<ShareInfo> shares();

    /**
     * One line of a share's access control, as configured ({@code allowedUsers}, {@code allowedGroups},
     * {@code readOnlyUsers}, {@code readOnlyGroups}): {@code type} is "user" or "group"; {@code access}
     * is "Full_Control", "Read", or "Read (restricts)" for a read-only list entry, which limits its
     * users to reading without admitting anyone.
     */
    record ShareAccessInfo(String vserver, String share, String userOrGroup, String type, String access) {}

    /** Every share's access-control lines; a share open to all shows "Authenticated Users". */
    default List<ShareAccessInfo> shareAccess() {
        List<ShareAccessInfo> out = new java.util.ArrayList<>();
        for (ShareInfo s : shares()) out.add(new ShareAccessInfo(s.vserver(), s.name(), "Authenticated Users", "group", "Full_Control"));
        return out;
    }

    String createShare(String name, String path, Set<String> properties, String comment);

    /** Null arguments mean "unchanged"; {@code properties} replaces the whole set. */
    String modifyShare(String name, String path, Set<String> properties, String comment);

    String deleteShare(String name);

    // ---- sessions, opens, witness ---------------------------------------------------------------

    record SessionInfo(String node, String vserver, long sessionId, long connectionId, String clientAddress,
                       String user, String protocol, int openFiles, Duration idle) {}

    /**
     * An open as the server sees it.
     *
     * @param durability "persistent", "durable" or "none"
     * @param state      "open" (connected), or "disconnected" (held for reclaim by a reconnecting client)
     * @param reclaimTimeout remaining time before a disconnected handle expires, or null
     */
    record OpenInfo(String node, String vserver, long sessionId, String share, String path, String user,
                    String clientAddress, String durability, String state, Duration reclaimTimeout) {}

    record WitnessRegistration(String node, String vserver, String clientName, String netName,
                               String ipAddress, String shareName, Instant registeredAt, String contextHandle) {}

    List<SessionInfo> sessions();

    List<OpenInfo> opens();

    List<WitnessRegistration> witnessRegistrations();

    // ---- local SMB users ------------------------------------------------------------------------

    record LocalUserInfo(String vserver, String name, String fullName, boolean disabled) {}

    List<LocalUserInfo> localUsers();

    /** Passwords are passed as char arrays that the caller wipes after the call. */
    String createLocalUser(String user, char[] password, String fullName);

    String deleteLocalUser(String user);

    String setLocalUserPassword(String user, char[] password);

    // ---- events and the upgrade drill ----------------------------------------------------------

    /**
     * One entry of the structured event log, e.g. {@code ha.takeover.started}, {@code lif.moved},
     * {@code handles.reclaimed}, {@code witness.notify.sent}, {@code admin.command}.
     */
    record EventRecord(Instant time, String node, String severity, String event, String message) {}

    /** Oldest first. */
    List<EventRecord> events();

    record DrillRequest(boolean unplannedKill, boolean shortForm) {}

    /**
     * Runs the non-disruptive upgrade drill; {@code progress} receives human-readable lines as the
     * drill goes. Returns the final text report.
     */
    String upgradeDrill(DrillRequest request, Consumer<String> progress);
}
