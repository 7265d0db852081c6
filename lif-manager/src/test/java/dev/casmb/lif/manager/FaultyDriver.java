package dev.casmb.lif.manager;

import dev.casmb.lif.driver.LifDriver;
import dev.casmb.lif.driver.LifDriverException;
import dev.casmb.lif.model.LifAddress;

/** Test driver that delegates, but fails plumb/unplumb on demand. */
final class FaultyDriver implements LifDriver {
    private final LifDriver delegate;
    volatile boolean failPlumb;
    volatile boolean failUnplumb;

    FaultyDriver(LifDriver delegate) {
        this.delegate = delegate;
    }

    @Override
    public void plumb(LifAddress address, String port) {
        if (failPlumb) {
            throw new LifDriverException(LifDriverException.Kind.NO_SUCH_PORT, "injected: no port " + port);
        }
        delegate.plumb(address, port);
    }

    @Override
    public void unplumb(LifAddress address, String port) {
        if (failUnplumb) {
            throw new LifDriverException(LifDriverException.Kind.COMMAND_FAILED, "injected: unplumb failed");
        }
        delegate.unplumb(address, port);
    }

    @Override
    public String describe() {
        return "faulty(" + delegate.describe() + ")";
    }
}
