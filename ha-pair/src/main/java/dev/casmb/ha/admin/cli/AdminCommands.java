package dev.casmb.ha.admin.cli;

import dev.casmb.ha.admin.AdminBackend;
import dev.casmb.ha.admin.AdminBackend.AggregateInfo;
import dev.casmb.ha.admin.AdminBackend.EventRecord;
import dev.casmb.ha.admin.AdminBackend.FailoverStatus;
import dev.casmb.ha.admin.AdminBackend.LifInfo;
import dev.casmb.ha.admin.AdminBackend.LocalUserInfo;
import dev.casmb.ha.admin.AdminBackend.NodeInfo;
import dev.casmb.ha.admin.AdminBackend.OpenInfo;
import dev.casmb.ha.admin.AdminBackend.SessionInfo;
import dev.casmb.ha.admin.AdminBackend.ShareInfo;
import dev.casmb.ha.admin.AdminBackend.WitnessRegistration;
import dev.casmb.ha.admin.AdminException;
import dev.casmb.ha.admin.AuditSink;
import dev.casmb.ha.admin.cli.CommandTree.Invocation;
import dev.casmb.ha.admin.cli.CommandTree.UsageException;

import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import static dev.casmb.ha.admin.cli.OptionSpec.optional;
import static dev.casmb.ha.admin.cli.OptionSpec.required;

/** The casmb admin commands, registered on a {@link CommandTree} and backed by an {@link AdminBackend}. */
public final class AdminCommands {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("M/d/yyyy HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    private final AdminBackend b;

    private AdminCommands(AdminBackend backend) {
        this.b = backend;
    }

    /** A tree with every admin command, auditing to {@code audit}. */
    public static CommandTree createTree(AdminBackend backend, AuditSink audit) {
        CommandTree t = new CommandTree(audit);
        new AdminCommands(backend).register(t);
        return t;
    }

    private Supplier<List<String>> nodes() {
        return () -> b.clusterNodes().stream().map(NodeInfo::name).toList();
    }

    private Supplier<List<String>> lifNames() {
        return () -> b.lifs().stream().map(LifInfo::name).toList();
    }

    private Supplier<List<String>> aggrNames() {
        return () -> b.aggregates().stream().map(AggregateInfo::name).toList();
    }

    private Supplier<List<String>> shareNames() {
        return () -> b.shares().stream().map(ShareInfo::name).toList();
    }

    private Supplier<List<String>> userNames() {
        return () -> b.localUsers().stream().map(LocalUserInfo::name).toList();
    }

    private static OptionSpec vserverFilter() {
        return optional("vserver", "vserver name", "Only this vserver (SVM)");
    }

    void register(CommandTree t) {
        t.command("exit", "Quit the CLI session", false, List.of(), inv -> { });
        t.directory("cluster", "Manage the cluster");
        t.command("cluster ring show", "Display the Raft group (replicated cluster state) and this node's commit latency",
            false, List.of(), this::ringShow);
        t.command("cluster show", "Display the nodes of the cluster", false, List.of(
                optional("node", "nodename", "Only this node").completer(nodes())), this::clusterShow);

        t.directory("storage", "Manage physical storage, aggregates and failover");
        t.directory("storage failover", "Manage storage failover (takeover and giveback)");
        t.command("storage failover show", "Display storage failover status", false, List.of(
                optional("node", "nodename", "Only this node").completer(nodes())), this::failoverShow);
        t.command("storage failover takeover", "Take over the storage of a node", true, List.of(
                required("ofnode", "nodename", "Node to take over").completer(nodes()),
                optional("option", "takeover option", "Takeover mode (default: normal)").values("normal", "immediate")),
                inv -> print(inv, b.takeover(inv.args().get("ofnode"), "immediate".equals(inv.args().get("option")))));
        t.command("storage failover giveback", "Return storage to a node after a takeover", true, List.of(
                required("ofnode", "nodename", "Node to give back to").completer(nodes())),
                inv -> print(inv, b.giveback(inv.args().get("ofnode"))));

        t.directory("storage aggregate", "Manage storage aggregates");
        t.command("storage aggregate show", "Display aggregates", false, List.of(
                optional("node", "nodename", "Only aggregates owned by this node").completer(nodes())), this::aggrShow);
        t.directory("storage aggregate relocation", "Relocate aggregates between the nodes of the HA pair");
        t.command("storage aggregate relocation start", "Relocate aggregates to the partner node", true, List.of(
                required("node", "nodename", "Node that owns the aggregates").completer(nodes()),
                required("destination", "nodename", "Node to relocate them to").completer(nodes()),
                required("aggregate-list", "aggregate name", "Aggregates to relocate").asList().completer(aggrNames())),
                inv -> print(inv, b.relocateAggregates(inv.args().get("node"), inv.args().get("destination"),
                        inv.args().list("aggregate-list"))));

        t.directory("network", "Manage network interfaces");
        t.directory("network interface", "Manage logical interfaces (LIFs)");
        t.command("network interface show", "Display logical interfaces", false, List.of(
                vserverFilter(), optional("lif", "lif name", "Only this LIF").completer(lifNames())), this::lifShow);
        t.command("network interface migrate", "Move a LIF to another node", true, List.of(
                required("lif", "lif name", "Logical interface").completer(lifNames()),
                required("destination-node", "nodename", "Node to move it to").completer(nodes()),
                optional("vserver", "vserver name", "Vserver (SVM) of the LIF")),
                inv -> print(inv, b.migrateLif(inv.args().get("lif"), inv.args().get("destination-node"))));
        t.command("network interface revert", "Move a LIF back to its home node", true, List.of(
                required("lif", "lif name", "Logical interface").completer(lifNames()),
                optional("vserver", "vserver name", "Vserver (SVM) of the LIF")),
                inv -> print(inv, b.revertLif(inv.args().get("lif"))));

        t.directory("vserver", "Manage vservers (SVMs)");
        t.directory("vserver cifs", "Manage the CIFS (SMB) server");
        t.directory("vserver cifs share", "Manage CIFS shares");
        OptionSpec props = optional("share-properties", "property", "Share properties")
                .values(AdminBackend.SHARE_PROPERTIES.stream().sorted().toArray(String[]::new)).asList();
        t.command("vserver cifs share show", "Display CIFS shares", false, List.of(
                vserverFilter(), optional("share-name", "share", "Only this share").completer(shareNames())), this::shareShow);
        t.directory("vserver cifs share access-control", "Display who may use CIFS shares");
        t.command("vserver cifs share access-control show",
                "Display share access control (ACLs from smb.shares in the node config; shares created here are open to all users)",
                false, List.of(vserverFilter(), optional("share", "share", "Only this share").completer(shareNames())),
                this::shareAccessShow);
        t.command("vserver cifs share create", "Create a CIFS share", true, List.of(
                required("share-name", "share", "Share name"),
                required("path", "path", "Directory to share: /<aggregate>/<dir>, e.g. /aggr1/sql (created if missing)"),
                props, optional("comment", "text", "Comment"), optional("vserver", "vserver name", "Vserver (SVM)")),
                inv -> print(inv, b.createShare(inv.args().get("share-name"), inv.args().get("path"),
                        propertySet(inv), inv.args().get("comment"))));
        t.command("vserver cifs share modify", "Modify a CIFS share", true, List.of(
                required("share-name", "share", "Share name").completer(shareNames()),
                optional("path", "path", "The share's current path (a share cannot move: delete and create it again)"), props,
                optional("comment", "text", "Comment"),
                optional("vserver", "vserver name", "Vserver (SVM)")),
                inv -> {
                    if (!inv.args().has("path") && !inv.args().has("share-properties") && !inv.args().has("comment")) {
                        throw new UsageException("nothing to modify: give -path, -share-properties or -comment");
                    }
                    print(inv, b.modifyShare(inv.args().get("share-name"), inv.args().get("path"),
                            inv.args().has("share-properties") ? propertySet(inv) : null, inv.args().get("comment")));
                });
        t.command("vserver cifs share delete", "Delete a CIFS share", true, List.of(
                required("share-name", "share", "Share name").completer(shareNames()),
                optional("vserver", "vserver name", "Vserver (SVM)")),
                inv -> print(inv, b.deleteShare(inv.args().get("share-name"))));

        t.directory("vserver cifs session", "Display CIFS sessions");
        t.command("vserver cifs session show", "Display CIFS sessions", false, List.of(
                vserverFilter(), optional("node", "nodename", "Only this node").completer(nodes())), this::sessionShow);
        t.directory("vserver cifs open", "Display open CIFS files and persistent handles");
        t.command("vserver cifs open show", "Display open files (persistent handles held or disconnected, and by whom)", false, List.of(
                vserverFilter(), optional("share", "share", "Only this share").completer(shareNames()),
                optional("state", "state", "Only opens in this state").values("open", "disconnected")), this::openShow);
        t.directory("vserver cifs witness", "Display witness (MS-SWN) registrations");
        t.command("vserver cifs witness show", "Display witness registrations", false, List.of(vserverFilter()), this::witnessShow);

        t.directory("vserver cifs users-and-groups", "Manage local CIFS users and groups");
        t.directory("vserver cifs users-and-groups local-user", "Manage local CIFS users");
        t.command("vserver cifs users-and-groups local-user show", "Display local CIFS users", false, List.of(vserverFilter()), this::userShow);
        t.command("vserver cifs users-and-groups local-user create", "Create a local CIFS user", true, List.of(
                required("user-name", "user", "User name"),
                optional("full-name", "text", "Full name"),
                optional("password", "password", "Password (prompted for when omitted in an interactive session)").asSecret(),
                optional("vserver", "vserver name", "Vserver (SVM)")),
                inv -> {
                    char[] pw = password(inv);
                    try {
                        print(inv, b.createLocalUser(inv.args().get("user-name"), pw, inv.args().get("full-name")));
                    } finally {
                        Arrays.fill(pw, '\0');
                    }
                });
        t.command("vserver cifs users-and-groups local-user delete", "Delete a local CIFS user", true, List.of(
                required("user-name", "user", "User name").completer(userNames()),
                optional("vserver", "vserver name", "Vserver (SVM)")),
                inv -> print(inv, b.deleteLocalUser(inv.args().get("user-name"))));
        t.command("vserver cifs users-and-groups local-user set-password", "Set the password of a local CIFS user", true, List.of(
                required("user-name", "user", "User name").completer(userNames()),
                optional("password", "password", "Password (prompted for when omitted in an interactive session)").asSecret(),
                optional("vserver", "vserver name", "Vserver (SVM)")),
                inv -> {
                    char[] pw = password(inv);
                    try {
                        print(inv, b.setLocalUserPassword(inv.args().get("user-name"), pw));
                    } finally {
                        Arrays.fill(pw, '\0');
                    }
                });

        t.directory("event", "Display the event log");
        t.directory("event log", "The structured event log (failover, LIF moves, handle reclaim, witness, admin commands)");
        t.command("event log show", "Display events, oldest first", false, List.of(
                optional("node", "nodename", "Only this node").completer(nodes()),
                optional("severity", "severity", "Only this severity").values("emergency", "alert", "error", "notice", "informational", "debug"),
                optional("event", "name", "Only events whose name starts with this, e.g. ha.takeover"),
                optional("rows", "integer", "Only the last N events").ofType(OptionSpec.Type.INTEGER)), this::eventShow);

        t.directory("system", "Manage the system");
        t.directory("system node", "Manage nodes");
        t.command("system node upgrade-drill", "Run the non-disruptive upgrade drill under an SMB 3 workload", true, List.of(
                optional("kill", "true|false", "Also do an unplanned kill -9 (default: false)").ofType(OptionSpec.Type.BOOLEAN),
                optional("short", "true|false", "Short form, as in CI (default: false)").ofType(OptionSpec.Type.BOOLEAN)),
                inv -> {
                    AdminBackend.DrillRequest req = new AdminBackend.DrillRequest(
                            Boolean.TRUE.equals(inv.args().bool("kill")), Boolean.TRUE.equals(inv.args().bool("short")));
                    String report = b.upgradeDrill(req, lineOut -> {
                        inv.out().println(lineOut);
                        inv.out().flush();
                    });
                    print(inv, report);
                });
    }

    // ---------------------------------------------------------------------------------------------

    private static void print(Invocation inv, String message) {
        if (message != null && !message.isBlank()) {
            inv.out().print(message.endsWith("\n") ? message : message + "\n");
        }
    }

    private static void table(Invocation inv, Table t) {
        inv.out().print(t.renderWithFooter());
    }

    private static boolean keep(Invocation inv, String option, String value) {
        String want = inv.args().get(option);
        return want == null || want.equalsIgnoreCase(value);
    }

    private static Set<String> propertySet(Invocation inv) {
        return new LinkedHashSet<>(inv.args().list("share-properties"));
    }

    private static char[] password(Invocation inv) throws IOException {
        String given = inv.args().get("password");
        if (given != null) return given.toCharArray();
        if (!inv.ctx().interactive()) {
            throw new UsageException("-password is required in a non-interactive session");
        }
        char[] a = inv.ctx().readSecret("Enter the new password: ");
        if (a == null) throw new AdminException("no password entered");
        char[] c = inv.ctx().readSecret("Confirm the new password: ");
        if (c == null || !Arrays.equals(a, c)) {
            Arrays.fill(a, '\0');
            if (c != null) Arrays.fill(c, '\0');
            throw new AdminException("the passwords do not match");
        }
        Arrays.fill(c, '\0');
        return a;
    }

    static String duration(Duration d) {
        if (d == null) return null;
        long s = Math.max(0, d.getSeconds());
        long days = s / 86400, h = s % 86400 / 3600, m = s % 3600 / 60, sec = s % 60;
        if (days > 0) return days + " days " + String.format(Locale.ROOT, "%02d:%02d", h, m);
        if (h > 0) return String.format(Locale.ROOT, "%dh %dm %ds", h, m, sec);
        if (m > 0) return String.format(Locale.ROOT, "%dm %ds", m, sec);
        return sec + "s";
    }

    static String size(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + "B" : (v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v)) + units[u];
    }

    private void clusterShow(Invocation inv) {
        Table t = new Table("Node", "Health", "Eligibility", "Uptime", "Version");
        for (NodeInfo n : b.clusterNodes()) {
            if (!keep(inv, "node", n.name())) continue;
            t.row(n.name(), n.healthy(), n.eligible(), duration(n.uptime()), n.version());
        }
        table(inv, t);
    }

    private void ringShow(Invocation inv) {
        Table t = new Table("Member", "Role", "Last Contact", "Commits", "p50", "p99", "Max");
        for (AdminBackend.RingMember m : b.clusterRing()) {
            t.row(m.member(), m.role(), m.lastContact(), m.commits(), m.p50(), m.p99(), m.max());
        }
        table(inv, t);
    }

    private void failoverShow(Invocation inv) {
        Table t = new Table("Node", "Partner", "Takeover\nPossible", "State Description");
        for (FailoverStatus f : b.failoverStatus()) {
            if (!keep(inv, "node", f.node())) continue;
            t.row(f.node(), f.partner(), f.takeoverPossible(), f.stateDescription());
        }
        table(inv, t);
    }

    private void aggrShow(Invocation inv) {
        Table t = new Table("Aggregate", "Size", "Available", "Used%", "State", "#Vols", "Home Node", "Current Node")
                .align(1, Table.Align.RIGHT).align(2, Table.Align.RIGHT).align(3, Table.Align.RIGHT);
        for (AggregateInfo a : b.aggregates()) {
            if (!keep(inv, "node", a.currentNode())) continue;
            long used = a.sizeBytes() <= 0 ? 0 : Math.round(100.0 * (a.sizeBytes() - a.availableBytes()) / a.sizeBytes());
            t.row(a.name(), size(a.sizeBytes()), size(a.availableBytes()), used + "%", a.state(), a.volumes(),
                    a.homeNode(), a.currentNode());
        }
        table(inv, t);
    }

    private void lifShow(Invocation inv) {
        Table t = new Table("Vserver", "Logical\nInterface", "Status\nAdmin/Oper", "Network\nAddress/Mask",
                "Current\nNode", "Current\nPort", "Is\nHome");
        for (LifInfo l : b.lifs()) {
            if (!keep(inv, "vserver", l.vserver()) || !keep(inv, "lif", l.name())) continue;
            t.row(l.vserver(), l.name(), l.adminStatus() + "/" + l.operStatus(), l.address(), l.currentNode(),
                    l.currentPort(), l.home());
        }
        table(inv, t);
    }

    private void shareShow(Invocation inv) {
        Table t = new Table("Vserver", "Share", "Path", "Properties", "Comment");
        for (ShareInfo s : b.shares()) {
            if (!keep(inv, "vserver", s.vserver()) || !keep(inv, "share-name", s.name())) continue;
            List<String> p = new ArrayList<>(s.properties());
            p.sort(null);
            t.row(s.vserver(), s.name(), s.path(), p.isEmpty() ? "-" : String.join(",", p), s.comment());
        }
        table(inv, t);
    }

    private void shareAccessShow(Invocation inv) {
        Table t = new Table("Vserver", "Share", "User/Group", "Type", "Access");
        for (AdminBackend.ShareAccessInfo a : b.shareAccess()) {
            if (!keep(inv, "vserver", a.vserver()) || !keep(inv, "share", a.share())) continue;
            t.row(a.vserver(), a.share(), a.userOrGroup(), a.type(), a.access());
        }
        table(inv, t);
    }

    private void sessionShow(Invocation inv) {
        Table t = new Table("Node", "Vserver", "Session\nID", "Connection\nID", "Workstation", "Windows User",
                "Protocol", "Open\nFiles", "Idle\nTime");
        for (SessionInfo s : b.sessions()) {
            if (!keep(inv, "vserver", s.vserver()) || !keep(inv, "node", s.node())) continue;
            t.row(s.node(), s.vserver(), s.sessionId(), s.connectionId(), s.clientAddress(), s.user(), s.protocol(),
                    s.openFiles(), duration(s.idle()));
        }
        table(inv, t);
    }

    private void openShow(Invocation inv) {
        Table t = new Table("Node", "Vserver", "Session\nID", "Share", "Path", "User", "Client", "Handle\nType",
                "State", "Reclaim\nTimeout");
        for (OpenInfo o : b.opens()) {
            if (!keep(inv, "vserver", o.vserver()) || !keep(inv, "share", o.share()) || !keep(inv, "state", o.state())) continue;
            t.row(o.node(), o.vserver(), o.sessionId(), o.share(), o.path(), o.user(), o.clientAddress(),
                    o.durability(), o.state(), duration(o.reclaimTimeout()));
        }
        table(inv, t);
    }

    private void witnessShow(Invocation inv) {
        Table t = new Table("Node", "Vserver", "Client Name", "Net Name", "IP Address", "Share", "Registered");
        for (WitnessRegistration w : b.witnessRegistrations()) {
            if (!keep(inv, "vserver", w.vserver())) continue;
            t.row(w.node(), w.vserver(), w.clientName(), w.netName(), w.ipAddress(), w.shareName(),
                    w.registeredAt() == null ? null : TIME.format(w.registeredAt()));
        }
        table(inv, t);
    }

    private void userShow(Invocation inv) {
        Table t = new Table("Vserver", "User Name", "Full Name", "Disabled");
        for (LocalUserInfo u : b.localUsers()) {
            if (!keep(inv, "vserver", u.vserver())) continue;
            t.row(u.vserver(), u.name(), u.fullName(), u.disabled());
        }
        table(inv, t);
    }

    private void eventShow(Invocation inv) {
        String prefix = inv.args().get("event");
        List<EventRecord> sel = new ArrayList<>();
        for (EventRecord e : b.events()) {
            if (!keep(inv, "node", e.node()) || !keep(inv, "severity", e.severity())) continue;
            if (prefix != null && (e.event() == null || !e.event().startsWith(prefix))) continue;
            sel.add(e);
        }
        Integer rows = inv.args().integer("rows");
        if (rows != null && rows >= 0 && sel.size() > rows) sel = sel.subList(sel.size() - rows, sel.size());
        Table t = new Table("Time", "Node", "Severity", "Event", "Message");
        for (EventRecord e : sel) t.row(TIME.format(e.time()), e.node(), e.severity(), e.event(), e.message());
        table(inv, t);
    }
}
