package dev.casmb.lif.manager;

import dev.casmb.lif.command.LifCommand;
import dev.casmb.lif.command.LifCommand.CompleteRelease;
import dev.casmb.lif.command.LifCommand.CreateLif;
import dev.casmb.lif.command.LifCommand.CreateSvm;
import dev.casmb.lif.command.LifCommand.DeleteLif;
import dev.casmb.lif.command.LifCommand.DeleteSvm;
import dev.casmb.lif.command.LifCommand.PlumbFailed;
import dev.casmb.lif.command.LifCommand.RequestMove;
import dev.casmb.lif.command.LifCommand.SetAdminStatus;
import dev.casmb.lif.command.LifCommand.SetLifPolicy;
import dev.casmb.lif.command.LifCommand.SetOperStatus;
import dev.casmb.lif.command.LifCommand.Takeover;
import dev.casmb.lif.command.LifStateException;
import dev.casmb.lif.driver.LifDriver;
import dev.casmb.lif.driver.LifDriverException;
import dev.casmb.lif.model.ClusterLifState;
import dev.casmb.lif.model.FailoverPolicy;
import dev.casmb.lif.model.Lif;
import dev.casmb.lif.model.LifAddress;
import dev.casmb.lif.model.LifLocation;
import dev.casmb.lif.model.MoveReason;
import dev.casmb.lif.model.Names;
import dev.casmb.lif.model.Svm;
import dev.casmb.lif.store.LifStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Manages the LIFs of one node of an HA pair.
 *
 * <p>Operations (create, migrate, revert, failover, enable, disable, delete) are expressed as
 * {@link LifCommand}s applied to the replicated {@link LifStateStore}; they may be called on either
 * node. Every node's manager watches the state and <em>reconciles</em>: it plumbs (driver, then
 * {@link LifListener#lifUp}) the LIFs the state places on it and releases ({@link LifListener#lifMoving}
 * for a planned move, {@link LifListener#lifDown}, then driver) the ones the state takes away, and
 * reports the outcome back as commands (oper status, release done, plumb failed → rollback).
 *
 * <p>A planned move is two-phase: {@code RequestMove} marks the target pending; the current host
 * announces the move, releases the address and applies {@code CompleteRelease}; the target then
 * plumbs. An unplanned failover ({@code Takeover}) moves at once.
 */
public final class LifManager implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LifManager.class);
    private static final long POLL_MS = 5;

    private record Plumbed(Lif lif, LifLocation at) {
    }

    private final String node;
    private final String partner;
    private final LifDriver driver;
    private final LifStateStore store;
    private final List<LifListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Plumbed> plumbed = new HashMap<>();
    private final Map<String, LifLocation> failedHere = new HashMap<>();
    private volatile Duration operationTimeout = Duration.ofSeconds(10);
    private volatile boolean running;
    private volatile boolean suspended;
    private AutoCloseable subscription;

    public LifManager(String node, String partner, LifDriver driver, LifStateStore store) {
        this.node = Names.require(node, "node");
        this.partner = Names.require(partner, "partner");
        if (node.equals(partner)) {
            throw new IllegalArgumentException("a node cannot be its own partner: " + node);
        }
        this.driver = Objects.requireNonNull(driver, "driver");
        this.store = Objects.requireNonNull(store, "store");
    }

    public String node() {
        return node;
    }

    public String partner() {
        return partner;
    }

    public LifStateStore store() {
        return store;
    }

    /** How long migrate/revert/failover wait for the move to complete (default 10 s). */
    public void setOperationTimeout(Duration timeout) {
        this.operationTimeout = Objects.requireNonNull(timeout);
    }

    public void addListener(LifListener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(LifListener listener) {
        listeners.remove(listener);
    }

    // ------------------------------------------------------------------ lifecycle

    /** Starts watching the state and plumbs the LIFs that the state places on this node. */
    public void start() {
        synchronized (this) {
            if (running) {
                return;
            }
            running = true;
            subscription = store.subscribe((c, before, after) -> {
                if (running) {
                    reconcile();
                }
            });
        }
        log.info("LIF manager for {} (partner {}) started with driver {}", node, partner, driver.describe());
        reconcile();
    }

    /**
     * Stops: releases every address plumbed here (listeners get {@code lifDown}) without changing
     * the replicated state — the node is going away; the partner takes over with {@link #onPartnerDown()}.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            try {
                subscription.close();
            } catch (Exception e) {
                log.warn("cannot unsubscribe LIF manager {}", node, e);
            }
            for (Plumbed p : new ArrayList<>(plumbed.values())) {
                release(p, null, MoveReason.ADMIN, "node " + node + " stopping");
            }
            failedHere.clear();
        }
        log.info("LIF manager for {} stopped", node);
    }

    public boolean isRunning() {
        return running;
    }

    // ------------------------------------------------------------------ fencing

    /**
     * Fencing: takes every address plumbed here off this node's interfaces at once, without telling the
     * replicated state (a node without quorum may not write it) and without {@code lifDown} to the
     * listeners (their client connections stay, so a short quorum loss is only a stall). While suspended,
     * state changes plumb nothing here. {@link #resumePlumbing()} undoes it.
     *
     * @return the LIFs taken off
     */
    public List<String> suspendPlumbing() {
        List<String> off = new ArrayList<>();
        synchronized (this) {
            if (suspended) {
                return off;
            }
            suspended = true;
            for (Plumbed p : plumbed.values()) {
                try {
                    driver.unplumb(p.lif().address(), p.at().port());
                    off.add(p.lif().name());
                } catch (LifDriverException | IllegalArgumentException e) {
                    log.error("fencing: cannot take LIF {} {} off {}: {}", p.lif().name(), p.lif().address(), node,
                            e.getMessage());
                }
            }
        }
        log.warn("LIF manager {} suspended (fenced): {} address(es) taken off", node, off.size());
        return off;
    }

    /**
     * Quorum is back (and the state caught up): re-plumbs the suspended addresses whose LIF the state still
     * places here, exactly where it was; the others are dropped with {@code lifDown} (their clients are
     * reset) and never put back on this node's interfaces, so that an address the partner took over meanwhile
     * is not announced from here again. Then reconciles with the state as usual.
     */
    public void resumePlumbing() {
        List<Runnable> events = new ArrayList<>();
        synchronized (this) {
            if (!suspended) {
                return;
            }
            ClusterLifState state = store.state();
            for (Plumbed p : new ArrayList<>(plumbed.values())) {
                Lif now = state.lifs().get(p.lif().name());
                boolean stillHere = now != null && now.current().equals(p.at()) && now.pending() == null && now.adminUp()
                        && now.address().equals(p.lif().address());
                if (stillHere) {
                    try {
                        driver.plumb(p.lif().address(), p.at().port());
                        continue;
                    } catch (LifDriverException | IllegalArgumentException e) {
                        log.error("LIF {} {}: cannot re-plumb on {} after fencing: {}", p.lif().name(), p.lif().address(),
                                node, e.getMessage());
                    }
                }
                plumbed.remove(p.lif().name());
                String to = now == null ? null : now.current().node();
                LifEvent ev = new LifEvent(p.lif(), node, p.at().port(), node, to,
                        now == null ? MoveReason.ADMIN : now.lastReason());
                events.add(() -> {
                    for (LifListener l : listeners) {
                        try {
                            l.lifDown(ev);
                        } catch (RuntimeException e) {
                            log.error("LIF listener {} failed on lifDown {}", l, ev, e);
                        }
                    }
                });
                log.info("LIF {} {} not re-plumbed on {} after fencing (now on {})", p.lif().name(),
                        p.lif().address().host(), node, to);
            }
            suspended = false;
        }
        events.forEach(Runnable::run);
        log.info("LIF manager {} resumed", node);
        reconcile();
    }

    public boolean isSuspended() {
        return suspended;
    }

    // ------------------------------------------------------------------ queries

    public ClusterLifState state() {
        return store.state();
    }

    public Lif lif(String name) {
        return store.state().lif(name).orElseThrow(() -> new LifStateException("no LIF named " + name));
    }

    /** Names of the LIFs whose address is plumbed on this node right now. */
    public synchronized Set<String> hostedHere() {
        return suspended ? new TreeSet<>() : new TreeSet<>(plumbed.keySet());
    }

    // ------------------------------------------------------------------ operations

    public Svm createSvm(String name, String netbiosName, String dnsName) {
        return store.apply(new CreateSvm(name, netbiosName, dnsName)).svm(name).orElseThrow();
    }

    public void deleteSvm(String name) {
        store.apply(new DeleteSvm(name));
    }

    /** Creates a LIF at home, enabled; the home node plumbs it if it is running. */
    public Lif create(String name, String svm, LifAddress address, String homeNode, String homePort,
                      FailoverPolicy policy, boolean autoRevert) {
        store.apply(new CreateLif(name, svm, address, new LifLocation(homeNode, homePort), policy, autoRevert));
        Lif lif = lif(name);
        log.info("LIF {} {} created for SVM {} (home {}, oper {})", name, address, svm, lif.home(), lif.operStatus());
        return lif;
    }

    /** Deletes a LIF; its host releases the address. Deleting an unknown LIF is a no-op. */
    public void delete(String name) {
        store.apply(new DeleteLif(name));
        log.info("LIF {} deleted", name);
    }

    public Lif enable(String name) {
        store.apply(new SetAdminStatus(name, true));
        return lif(name);
    }

    public Lif disable(String name) {
        store.apply(new SetAdminStatus(name, false));
        return lif(name);
    }

    public Lif setPolicy(String name, FailoverPolicy policy, boolean autoRevert) {
        store.apply(new SetLifPolicy(name, policy, autoRevert));
        return lif(name);
    }

    /** Planned move to {@code toNode} (same port name as now, or the home port when going home). */
    public Lif migrate(String name, String toNode) {
        Lif lif = lif(name);
        return move(lif, new LifLocation(toNode, portOn(lif, toNode)), MoveReason.MIGRATE);
    }

    /** Planned move to a given node and port. */
    public Lif migrate(String name, String toNode, String toPort) {
        return move(lif(name), new LifLocation(toNode, toPort), MoveReason.MIGRATE);
    }

    /** Planned move back to the home node and port. */
    public Lif revert(String name) {
        Lif lif = lif(name);
        return move(lif, lif.home(), MoveReason.REVERT);
    }

    /**
     * Unplanned move: the LIF is taken over by the other node of the pair at once, without waiting for
     * its current host (which is presumed lost). Called for each LIF by {@link #onPartnerDown()}.
     */
    public Lif failover(String name) {
        Lif lif = lif(name);
        String to = lif.current().isOn(node) ? partner : node;
        LifLocation target = new LifLocation(to, portOn(lif, to));
        long t0 = System.nanoTime();
        String from = lif.current().node();
        store.apply(new LifCommand.Takeover(name, target, MoveReason.FAILOVER));
        Lif done = await(name, target, t0);
        log.info("LIF {} {} failed over {} -> {} in {} ms (reason: {})", name, lif.address().host(), from, to,
                ms(t0), MoveReason.FAILOVER);
        return done;
    }

    /**
     * The partner is lost: every LIF on it with failover policy PARTNER (and enabled) is taken over here.
     *
     * @return the LIFs taken over (as they are afterwards)
     */
    public List<Lif> onPartnerDown() {
        log.warn("partner {} is down: taking over its LIFs on {}", partner, node);
        List<Lif> taken = new ArrayList<>();
        for (Lif lif : store.state().allLifs()) {
            if (!lif.current().isOn(partner)) {
                continue;
            }
            if (lif.failoverPolicy() == FailoverPolicy.DISABLED) {
                log.warn("LIF {} {} stays on failed node {} (failover policy disabled): down until it returns",
                        lif.name(), lif.address().host(), partner);
                continue;
            }
            if (!lif.adminUp()) {
                log.info("LIF {} is disabled: moving it to {} without plumbing", lif.name(), node);
            }
            try {
                taken.add(failover(lif.name()));
            } catch (RuntimeException e) {
                log.error("failover of LIF {} to {} failed: {}", lif.name(), node, e.getMessage());
            }
        }
        return taken;
    }

    /**
     * The partner is back (giveback): every LIF homed on it that is here and has auto-revert goes home.
     *
     * @return the LIFs reverted (as they are afterwards)
     */
    public List<Lif> onGiveback() {
        log.info("partner {} is back: auto-reverting its LIFs", partner);
        List<Lif> reverted = new ArrayList<>();
        for (Lif lif : store.state().allLifs()) {
            if (lif.home().isOn(partner) && lif.current().isOn(node) && lif.autoRevert() && lif.adminUp()) {
                try {
                    reverted.add(move(lif, lif.home(), MoveReason.GIVEBACK));
                } catch (RuntimeException e) {
                    log.error("auto-revert of LIF {} to {} failed: {}", lif.name(), lif.home(), e.getMessage());
                }
            }
        }
        return reverted;
    }

    private Lif move(Lif lif, LifLocation target, MoveReason reason) {
        if (lif.current().equals(target) && lif.pending() == null) {
            log.info("LIF {} {} is already on {} (no-op)", lif.name(), lif.address().host(), target);
            return lif;
        }
        long t0 = System.nanoTime();
        String from = lif.current().node();
        store.apply(new RequestMove(lif.name(), target, reason));
        Lif done = await(lif.name(), target, t0);
        log.info("LIF {} {} {} {} -> {} in {} ms (reason: {})", lif.name(), lif.address().host(), verb(reason),
                from, target.node(), ms(t0), reason);
        return done;
    }

    /** Waits (bounded) until the LIF is up at {@code target}, or fails with the reason. */
    private Lif await(String name, LifLocation target, long t0) {
        long deadline = t0 + operationTimeout.toNanos();
        while (true) {
            Lif lif = store.state().lif(name)
                    .orElseThrow(() -> new LifOperationException("LIF " + name + " was deleted during the move"));
            boolean there = lif.current().equals(target) && lif.pending() == null;
            if (there && (lif.operUp() || !lif.adminUp())) {
                return lif;
            }
            if (there && lif.lastError() != null) {
                throw new LifOperationException("LIF " + name + " is on " + target + " but down: " + lif.lastError());
            }
            if (lif.pending() == null && !lif.current().equals(target)) {
                if (lif.lastReason() == MoveReason.ROLLBACK) {
                    throw new LifOperationException("moving LIF " + name + " to " + target + " failed and was rolled"
                            + " back to " + lif.current() + ": " + lif.lastError());
                }
                throw new LifOperationException("moving LIF " + name + " to " + target
                        + " was cancelled or superseded; it is on " + lif.current());
            }
            if (System.nanoTime() > deadline) {
                String hint = lif.pending() != null ? " (" + lif.current().node() + " has not released it; if that"
                        + " node is down use failover)" : " (" + target.node() + " has not plumbed it)";
                throw new LifOperationException("timed out after " + operationTimeout.toMillis()
                        + " ms moving LIF " + name + " to " + target + hint + ": " + lif);
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LifOperationException("interrupted while moving LIF " + name);
            }
        }
    }

    /** Port to use on {@code targetNode}: the home port at home, otherwise the same port name as now. */
    private static String portOn(Lif lif, String targetNode) {
        return lif.home().isOn(targetNode) ? lif.home().port() : lif.current().port();
    }

    private static String verb(MoveReason r) {
        return switch (r) {
            case MIGRATE -> "migrated";
            case REVERT -> "reverted";
            case GIVEBACK -> "auto-reverted";
            case FAILOVER -> "failed over";
            default -> "moved";
        };
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    // ------------------------------------------------------------------ reconciliation

    /** Brings this node's plumbing in line with the state, then reports the outcome as commands. */
    private void reconcile() {
        List<LifCommand> reports;
        synchronized (this) {
            if (!running || suspended) {
                return;
            }
            reports = reconcile(store.state());
        }
        for (LifCommand c : reports) {
            try {
                store.apply(c);
            } catch (LifStateException e) {
                log.warn("LIF manager {}: report {} rejected: {}", node, c, e.getMessage());
            }
        }
    }

    private List<LifCommand> reconcile(ClusterLifState state) {
        List<LifCommand> out = new ArrayList<>();
        // 1. what is plumbed here but should not be (or should move)
        for (Plumbed p : new ArrayList<>(plumbed.values())) {
            String name = p.lif().name();
            Lif lif = state.lifs().get(name);
            if (lif == null) {
                release(p, null, MoveReason.ADMIN, "deleted");
            } else if (!lif.current().isOn(node)) {
                release(p, lif.current().node(), lif.lastReason(), "now on " + lif.current().node());
            } else if (lif.pending() != null) {
                fireMoving(lif, p.at(), lif.pending().node());
                if (release(p, lif.pending().node(), lif.lastReason(), "moving to " + lif.pending())) {
                    out.add(new CompleteRelease(name, node));
                } else {
                    out.add(new RequestMove(name, lif.current(), MoveReason.ROLLBACK)); // cancel the move
                }
            } else if (!lif.adminUp()) {
                release(p, null, MoveReason.ADMIN, "disabled");
                out.add(new SetOperStatus(name, node, false));
            } else if (!lif.current().equals(p.at()) || !lif.address().equals(p.lif().address())) {
                release(p, node, lif.lastReason(), "re-plumbing on " + lif.current().port());
            } else if (!lif.operUp()) {
                out.add(new SetOperStatus(name, node, true));
            }
        }
        // 2. forget plumbing failures of LIFs that moved or were disabled since
        failedHere.entrySet().removeIf(e -> {
            Lif l = state.lifs().get(e.getKey());
            return l == null || !l.current().equals(e.getValue()) || !l.adminUp();
        });
        // 3. what should be plumbed here but is not
        for (Lif lif : state.allLifs()) {
            if (!lif.current().isOn(node) || plumbed.containsKey(lif.name())) {
                continue;
            }
            if (lif.pending() != null) {
                out.add(new CompleteRelease(lif.name(), node)); // nothing here to release
            } else if (!lif.adminUp()) {
                if (lif.operUp()) {
                    out.add(new SetOperStatus(lif.name(), node, false));
                }
            } else if (!failedHere.containsKey(lif.name())) {
                out.add(plumb(lif));
            }
        }
        return out;
    }

    private LifCommand plumb(Lif lif) {
        LifLocation at = lif.current();
        try {
            driver.plumb(lif.address(), at.port());
        } catch (LifDriverException | IllegalArgumentException e) {
            failedHere.put(lif.name(), at);
            log.error("LIF {} {}: cannot plumb on {}: {}{}", lif.name(), lif.address(), at, e.getMessage(),
                    lif.previous() != null && !lif.previous().isOn(node) ? " (rolling back to " + lif.previous() + ")"
                            : "");
            return new PlumbFailed(lif.name(), node, e.getMessage());
        }
        plumbed.put(lif.name(), new Plumbed(lif, at));
        log.info("LIF {} {} is up on {} port {} (reason: {})", lif.name(), lif.address(), node, at.port(),
                lif.lastReason());
        LifEvent ev = new LifEvent(lif, node, at.port(),
                lif.previous() != null ? lif.previous().node() : null, node, lif.lastReason());
        for (LifListener l : listeners) {
            try {
                l.lifUp(ev);
            } catch (RuntimeException e) {
                log.error("LIF listener {} failed on lifUp {}", l, ev, e);
            }
        }
        return new SetOperStatus(lif.name(), node, true);
    }

    private void fireMoving(Lif lif, LifLocation at, String toNode) {
        LifEvent ev = new LifEvent(lif, node, at.port(), node, toNode, lif.lastReason());
        log.info("LIF {} {} moving {} -> {} (reason: {}): notifying listeners", lif.name(), lif.address().host(),
                node, toNode, lif.lastReason());
        for (LifListener l : listeners) {
            try {
                l.lifMoving(ev);
            } catch (RuntimeException e) {
                log.error("LIF listener {} failed on lifMoving {}", l, ev, e);
            }
        }
    }

    /** lifDown to listeners (address still plumbed), then unplumb. False if unplumbing failed. */
    private boolean release(Plumbed p, String toNode, MoveReason reason, String why) {
        Lif lif = p.lif();
        LifEvent ev = new LifEvent(lif, node, p.at().port(), node, toNode, reason);
        for (LifListener l : listeners) {
            try {
                l.lifDown(ev);
            } catch (RuntimeException e) {
                log.error("LIF listener {} failed on lifDown {}", l, ev, e);
            }
        }
        try {
            driver.unplumb(lif.address(), p.at().port());
        } catch (LifDriverException | IllegalArgumentException e) {
            log.error("LIF {} {}: cannot unplumb from {} ({}): {}; keeping it here", lif.name(), lif.address(), p.at(),
                    why, e.getMessage());
            LifEvent up = new LifEvent(lif, node, p.at().port(), null, node, MoveReason.ROLLBACK);
            for (LifListener l : listeners) {
                try {
                    l.lifUp(up);
                } catch (RuntimeException ex) {
                    log.error("LIF listener {} failed on lifUp {}", l, up, ex);
                }
            }
            return false;
        }
        plumbed.remove(lif.name());
        log.info("LIF {} {} released on {} ({})", lif.name(), lif.address().host(), node, why);
        return true;
    }

    @Override
    public String toString() {
        return "LifManager[" + node + " partner=" + partner + " " + driver.describe() + "]";
    }
}
