package dev.casmb.lif.command;

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
import dev.casmb.lif.model.ClusterLifState;
import dev.casmb.lif.model.Lif;
import dev.casmb.lif.model.MoveReason;
import dev.casmb.lif.model.Svm;

import java.util.Optional;

/**
 * The deterministic transition function of the replicated LIF state: {@code (state, command) -> state}.
 * Pure and side-effect free, so every replica that applies the same commands in the same order gets
 * the same state. Invalid commands throw {@link LifStateException} and change nothing; valid commands
 * that change nothing (idempotent repeats, stale reports) only advance the applied index.
 */
public final class LifStateMachine {

    private LifStateMachine() {
    }

    public static ClusterLifState apply(ClusterLifState s, LifCommand command) {
        long idx = s.appliedIndex() + 1;
        if (command instanceof CreateSvm c) {
            Svm svm = new Svm(c.name(), c.netbiosName(), c.dnsName());
            Optional<Svm> old = s.svm(c.name());
            if (old.isPresent()) {
                if (old.get().equals(svm)) {
                    return s.withIndex(idx);
                }
                throw new LifStateException("SVM " + c.name() + " already exists with a different CIFS identity "
                        + old.get());
            }
            return s.withSvm(svm, idx);
        }
        if (command instanceof DeleteSvm c) {
            if (s.svm(c.name()).isEmpty()) {
                return s.withIndex(idx);
            }
            if (s.allLifs().stream().anyMatch(l -> l.svm().equals(c.name()))) {
                throw new LifStateException("SVM " + c.name() + " still has LIFs; delete them first");
            }
            return s.withoutSvm(c.name(), idx);
        }
        if (command instanceof CreateLif c) {
            if (s.svm(c.svm()).isEmpty()) {
                throw new LifStateException("cannot create LIF " + c.name() + ": no SVM " + c.svm());
            }
            Lif fresh = Lif.create(c.name(), c.svm(), c.address(), c.home(), c.failoverPolicy(), c.autoRevert());
            Optional<Lif> old = s.lif(c.name());
            if (old.isPresent()) {
                Lif o = old.get();
                if (o.svm().equals(c.svm()) && o.address().equals(c.address()) && o.home().equals(c.home())
                        && o.failoverPolicy() == c.failoverPolicy() && o.autoRevert() == c.autoRevert()) {
                    return s.withIndex(idx);
                }
                throw new LifStateException("LIF " + c.name() + " already exists: " + o);
            }
            Optional<Lif> clash = s.lifWithAddress(c.address());
            if (clash.isPresent()) {
                throw new LifStateException("address conflict: " + c.address().host() + " is already used by LIF "
                        + clash.get().name());
            }
            return s.withLif(fresh, idx);
        }
        if (command instanceof DeleteLif c) {
            return s.lif(c.name()).isEmpty() ? s.withIndex(idx) : s.withoutLif(c.name(), idx);
        }
        Lif lif = s.lif(command.target())
                .orElseThrow(() -> new LifStateException("no LIF named " + command.target()));
        Lif next = transition(lif, command);
        return next.equals(lif) ? s.withIndex(idx) : s.withLif(next, idx);
    }

    private static Lif transition(Lif lif, LifCommand command) {
        if (command instanceof SetLifPolicy c) {
            return lif.withPolicy(c.failoverPolicy(), c.autoRevert());
        }
        if (command instanceof SetAdminStatus c) {
            if (lif.adminUp() == c.up()) {
                return lif;
            }
            Lif l = lif.withAdminUp(c.up());
            return c.up() ? l : l.withPending(null, MoveReason.ADMIN);
        }
        if (command instanceof RequestMove c) {
            if (lif.current().equals(c.to())) {
                return lif.pending() == null ? lif : lif.withPending(null, c.reason());
            }
            if (c.to().equals(lif.pending())) {
                return lif;
            }
            if (!lif.operUp()) {
                // nothing is plumbed anywhere: no release to wait for
                return lif.movedTo(c.to(), lif.current(), c.reason());
            }
            return lif.withPending(c.to(), c.reason());
        }
        if (command instanceof CompleteRelease c) {
            if (lif.pending() == null || !lif.current().isOn(c.fromNode())) {
                return lif;
            }
            return lif.movedTo(lif.pending(), lif.current(), lif.lastReason());
        }
        if (command instanceof Takeover c) {
            if (lif.current().equals(c.to()) && lif.pending() == null) {
                return lif;
            }
            return lif.movedTo(c.to(), null, c.reason());
        }
        if (command instanceof SetOperStatus c) {
            if (!lif.current().isOn(c.node()) || (c.up() && !lif.adminUp())) {
                return lif; // stale report
            }
            return lif.operUp() == c.up() ? lif : lif.withOper(c.up(), lif.lastError()); // error kept until next move
        }
        if (command instanceof PlumbFailed c) {
            if (!lif.current().isOn(c.node())) {
                return lif;
            }
            if (lif.previous() != null && !lif.previous().isOn(c.node())) {
                return lif.movedTo(lif.previous(), null, MoveReason.ROLLBACK).withOper(false, c.error());
            }
            return lif.withOper(false, c.error());
        }
        throw new LifStateException("unknown command " + command);
    }
}
