package dev.casmb.ha.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An in-memory HA pair ("node-a" and "node-b", SVM "vs1") for tests and for running the shell alone.
 * Takeover, giveback, relocation and LIF moves change its state the way the real pair would report
 * them; every change and every {@link AuditSink} record is appended to its event log.
 */
public class FakeAdminBackend implements AdminBackend, AuditSink {

    public static final String VSERVER = "vs1";

    private final Clock clock;
    private final Instant bootTime;
    private final List<String> nodeNames = List.of("node-a", "node-b");
    /** node -> the node that took it over, for nodes that are taken over. */
    private final Map<String, String> takenOverBy = new LinkedHashMap<>();
    private final Map<String, AggregateInfo> aggregates = new LinkedHashMap<>();
    private final Map<String, LifInfo> lifs = new LinkedHashMap<>();
    private final Map<String, ShareInfo> shares = new LinkedHashMap<>();
    private final Map<String, LocalUserInfo> users = new LinkedHashMap<>();
    private final Map<String, char[]> passwords = new LinkedHashMap<>();
    private final List<SessionInfo> sessions = new ArrayList<>();
    private final List<OpenInfo> opens = new ArrayList<>();
    private final List<WitnessRegistration> witness = new ArrayList<>();
    private final List<EventRecord> events = new ArrayList<>();

    public FakeAdminBackend() {
        this(Clock.systemUTC());
    }

    public FakeAdminBackend(Clock clock) {
        this.clock = clock;
        this.bootTime = clock.instant().minus(Duration.ofHours(3).plusMinutes(7));
        aggregates.put("aggr1_a", new AggregateInfo("aggr1_a", 100L << 30, 60L << 30, "online", "node-a", "node-a", 2));
        aggregates.put("aggr1_b", new AggregateInfo("aggr1_b", 100L << 30, 75L << 30, "online", "node-b", "node-b", 1));
        lifs.put("lif_a", new LifInfo(VSERVER, "lif_a", "up", "up", "127.0.0.61/8", "node-a", "node-a", "lo", true));
        lifs.put("lif_b", new LifInfo(VSERVER, "lif_b", "up", "up", "127.0.0.62/8", "node-b", "node-b", "lo", true));
        shares.put("ca1", new ShareInfo(VSERVER, "ca1", "/vol/ca1", Set.of("continuously-available", "browsable"), "CA share"));
        shares.put("plain", new ShareInfo(VSERVER, "plain", "/vol/plain", Set.of("oplocks", "browsable"), null));
        users.put("smbuser", new LocalUserInfo(VSERVER, "smbuser", "Demo User", false));
        sessions.add(new SessionInfo("node-a", VSERVER, 1, 3405906221L, "127.0.0.90", "CASMB\\smbuser", "SMB3_11", 1, Duration.ofSeconds(12)));
        opens.add(new OpenInfo("node-a", VSERVER, 1, "ca1", "vm1.vhdx", "CASMB\\smbuser", "127.0.0.90", "persistent", "open", null));
        witness.add(new WitnessRegistration("node-a", VSERVER, "CLIENT1", "CASMB", "127.0.0.61", "ca1",
                clock.instant().minusSeconds(60), "00000000-0000-0000-0000-000000000001"));
        for (String n : nodeNames) event(n, "informational", "node.boot", n + " started");
    }

    private void event(String node, String severity, String name, String message) {
        events.add(new EventRecord(clock.instant(), node, severity, name, message));
    }

    private String checkNode(String n) {
        if (!nodeNames.contains(n)) throw new AdminException("node \"" + n + "\" does not exist; nodes: " + String.join(", ", nodeNames));
        return n;
    }

    private String partner(String n) {
        return n.equals("node-a") ? "node-b" : "node-a";
    }

    @Override
    public synchronized List<NodeInfo> clusterNodes() {
        List<NodeInfo> out = new ArrayList<>();
        for (String n : nodeNames) {
            boolean up = !takenOverBy.containsKey(n);
            out.add(new NodeInfo(n, up, up, up ? Duration.between(bootTime, clock.instant()) : Duration.ZERO, "casmb 0.1.0"));
        }
        return out;
    }

    @Override
    public synchronized List<FailoverStatus> failoverStatus() {
        List<FailoverStatus> out = new ArrayList<>();
        for (String n : nodeNames) {
            String p = partner(n);
            String state;
            boolean possible;
            if (takenOverBy.containsKey(n)) {
                state = "Waiting for giveback";
                possible = false;
            } else if (takenOverBy.containsKey(p)) {
                state = "In takeover";
                possible = false;
            } else {
                state = "Connected to " + p;
                possible = true;
            }
            out.add(new FailoverStatus(n, p, possible, state));
        }
        return out;
    }

    @Override
    public synchronized String takeover(String ofNode, boolean immediate) {
        checkNode(ofNode);
        String by = partner(ofNode);
        if (takenOverBy.containsKey(ofNode)) throw new AdminException("node " + ofNode + " is already taken over");
        if (takenOverBy.containsKey(by)) throw new AdminException("takeover not possible: partner " + by + " is itself taken over");
        event(by, "notice", "ha.takeover.started", by + " is taking over " + ofNode + (immediate ? " (immediate)" : ""));
        takenOverBy.put(ofNode, by);
        for (AggregateInfo a : List.copyOf(aggregates.values())) {
            if (a.currentNode().equals(ofNode)) aggregates.put(a.name(), withOwner(a, by));
        }
        for (LifInfo l : List.copyOf(lifs.values())) {
            if (l.currentNode().equals(ofNode)) {
                lifs.put(l.name(), withNode(l, by));
                event(by, "notice", "lif.moved", l.name() + " moved from " + ofNode + " to " + by);
            }
        }
        List<OpenInfo> moved = new ArrayList<>();
        for (OpenInfo o : opens) {
            moved.add(o.node().equals(ofNode) && o.durability().equals("persistent")
                    ? new OpenInfo(by, o.vserver(), o.sessionId(), o.share(), o.path(), o.user(), o.clientAddress(),
                    o.durability(), "disconnected", Duration.ofSeconds(60))
                    : o);
        }
        opens.clear();
        opens.addAll(moved);
        event(by, "notice", "witness.notify.sent", "RESOURCE_CHANGE and MOVE sent for " + ofNode);
        event(by, "notice", "ha.takeover.finished", by + " took over " + ofNode);
        return null;
    }

    @Override
    public synchronized String giveback(String ofNode) {
        checkNode(ofNode);
        String by = takenOverBy.get(ofNode);
        if (by == null) throw new AdminException("node " + ofNode + " is not taken over; nothing to give back");
        event(by, "notice", "ha.giveback.started", by + " is giving back to " + ofNode);
        takenOverBy.remove(ofNode);
        for (AggregateInfo a : List.copyOf(aggregates.values())) {
            if (a.homeNode().equals(ofNode)) aggregates.put(a.name(), withOwner(a, ofNode));
        }
        for (LifInfo l : List.copyOf(lifs.values())) {
            if (l.homeNode().equals(ofNode) && !l.currentNode().equals(ofNode)) {
                lifs.put(l.name(), withNode(l, ofNode));
                event(ofNode, "notice", "lif.moved", l.name() + " moved back to " + ofNode);
            }
        }
        List<OpenInfo> back = new ArrayList<>();
        for (OpenInfo o : opens) {
            back.add(o.state().equals("disconnected")
                    ? new OpenInfo(ofNode, o.vserver(), o.sessionId(), o.share(), o.path(), o.user(), o.clientAddress(), o.durability(), "open", null)
                    : o);
        }
        opens.clear();
        opens.addAll(back);
        event(ofNode, "notice", "handles.reclaimed", "persistent handles reclaimed on " + ofNode);
        event(ofNode, "notice", "ha.giveback.finished", "giveback to " + ofNode + " finished");
        return null;
    }

    private static AggregateInfo withOwner(AggregateInfo a, String node) {
        return new AggregateInfo(a.name(), a.sizeBytes(), a.availableBytes(), a.state(), a.homeNode(), node, a.volumes());
    }

    private static LifInfo withNode(LifInfo l, String node) {
        return new LifInfo(l.vserver(), l.name(), l.adminStatus(), l.operStatus(), l.address(), l.homeNode(), node,
                l.currentPort(), node.equals(l.homeNode()));
    }

    @Override
    public synchronized List<AggregateInfo> aggregates() {
        return List.copyOf(aggregates.values());
    }

    @Override
    public synchronized String relocateAggregates(String sourceNode, String destinationNode, List<String> names) {
        checkNode(sourceNode);
        checkNode(destinationNode);
        if (sourceNode.equals(destinationNode)) throw new AdminException("source and destination are the same node");
        for (String n : names) {
            AggregateInfo a = aggregates.get(n);
            if (a == null) throw new AdminException("aggregate \"" + n + "\" does not exist");
            if (!a.currentNode().equals(sourceNode)) throw new AdminException("aggregate " + n + " is not owned by " + sourceNode);
        }
        for (String n : names) {
            aggregates.put(n, withOwner(aggregates.get(n), destinationNode));
            event(destinationNode, "notice", "aggr.relocated", n + " relocated from " + sourceNode + " to " + destinationNode);
        }
        return null;
    }

    @Override
    public synchronized List<LifInfo> lifs() {
        return List.copyOf(lifs.values());
    }

    private LifInfo lif(String name) {
        LifInfo l = lifs.get(name);
        if (l == null) throw new AdminException("LIF \"" + name + "\" does not exist");
        return l;
    }

    @Override
    public synchronized String migrateLif(String name, String destinationNode) {
        LifInfo l = lif(name);
        checkNode(destinationNode);
        if (takenOverBy.containsKey(destinationNode)) throw new AdminException("node " + destinationNode + " is taken over");
        lifs.put(name, withNode(l, destinationNode));
        event(destinationNode, "notice", "lif.moved", name + " moved from " + l.currentNode() + " to " + destinationNode);
        return null;
    }

    @Override
    public synchronized String revertLif(String name) {
        LifInfo l = lif(name);
        if (l.home()) return "LIF " + name + " is already on its home node " + l.homeNode() + ".";
        return migrateLif(name, l.homeNode());
    }

    @Override
    public synchronized List<ShareInfo> shares() {
        return List.copyOf(shares.values());
    }

    @Override
    public synchronized String createShare(String name, String path, Set<String> properties, String comment) {
        if (shares.containsKey(name.toLowerCase())) throw new AdminException("share \"" + name + "\" already exists");
        if (!path.startsWith("/")) throw new AdminException("path must be absolute: " + path);
        Set<String> p = properties == null || properties.isEmpty() ? Set.of("oplocks", "browsable", "changenotify") : Set.copyOf(properties);
        shares.put(name.toLowerCase(), new ShareInfo(VSERVER, name, path, p, comment));
        event("node-a", "informational", "cifs.share.created", "share " + name + " created at " + path);
        return null;
    }

    @Override
    public synchronized String modifyShare(String name, String path, Set<String> properties, String comment) {
        ShareInfo s = shares.get(name.toLowerCase());
        if (s == null) throw new AdminException("share \"" + name + "\" does not exist");
        shares.put(name.toLowerCase(), new ShareInfo(s.vserver(), s.name(), path == null ? s.path() : path,
                properties == null ? s.properties() : Set.copyOf(properties), comment == null ? s.comment() : comment));
        return null;
    }

    @Override
    public synchronized String deleteShare(String name) {
        if (shares.remove(name.toLowerCase()) == null) throw new AdminException("share \"" + name + "\" does not exist");
        return null;
    }

    @Override
    public synchronized List<SessionInfo> sessions() {
        return List.copyOf(sessions);
    }

    @Override
    public synchronized List<OpenInfo> opens() {
        return List.copyOf(opens);
    }

    @Override
    public synchronized List<WitnessRegistration> witnessRegistrations() {
        return List.copyOf(witness);
    }

    @Override
    public synchronized List<LocalUserInfo> localUsers() {
        return List.copyOf(users.values());
    }

    @Override
    public synchronized String createLocalUser(String user, char[] password, String fullName) {
        if (users.containsKey(user)) throw new AdminException("user \"" + user + "\" already exists");
        checkPassword(password);
        users.put(user, new LocalUserInfo(VSERVER, user, fullName, false));
        passwords.put(user, password.clone());
        return null;
    }

    @Override
    public synchronized String deleteLocalUser(String user) {
        if (users.remove(user) == null) throw new AdminException("user \"" + user + "\" does not exist");
        passwords.remove(user);
        return null;
    }

    @Override
    public synchronized String setLocalUserPassword(String user, char[] password) {
        if (!users.containsKey(user)) throw new AdminException("user \"" + user + "\" does not exist");
        checkPassword(password);
        passwords.put(user, password.clone());
        return null;
    }

    private static void checkPassword(char[] pw) {
        if (pw.length < 8) throw new AdminException("the password must be at least 8 characters long");
    }

    /** For tests: whether {@code user}'s password is {@code pw}. */
    public synchronized boolean passwordIs(String user, String pw) {
        char[] p = passwords.get(user);
        return p != null && Arrays.equals(p, pw.toCharArray());
    }

    /** For tests: the set of nodes currently taken over. */
    public synchronized Set<String> takenOver() {
        return new HashSet<>(takenOverBy.keySet());
    }

    @Override
    public synchronized List<EventRecord> events() {
        return List.copyOf(events);
    }

    @Override
    public String upgradeDrill(DrillRequest request, Consumer<String> progress) {
        Set<String> steps = new LinkedHashSet<>(List.of("takeover of node-a", "giveback to node-a", "takeover of node-b",
                "giveback to node-b", "aggregate relocation", "LIF migration"));
        if (request.unplannedKill()) steps.add("kill -9 of node-a");
        for (String s : steps) progress.accept("drill: " + s + " ... ok (fake backend)");
        return "Upgrade drill (fake backend): " + steps.size() + " events, 0 acknowledged writes lost.";
    }

    @Override
    public synchronized void record(AuditEvent e) {
        String what = e.kind() == Kind.LOGIN ? "admin.login" : "admin.command";
        events.add(new EventRecord(e.time(), "node-a", e.success() ? "informational" : "notice", what,
                e.user() + "@" + e.sourceAddress() + ": " + e.action() + " -> " + (e.success() ? "ok" : e.result())));
    }
}
