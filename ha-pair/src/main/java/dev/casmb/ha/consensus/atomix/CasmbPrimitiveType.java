package dev.casmb.ha.consensus.atomix;

import dev.casmb.ha.consensus.ReplicatedState;
import io.atomix.primitive.PrimitiveBuilder;
import io.atomix.primitive.PrimitiveManagementService;
import io.atomix.primitive.PrimitiveType;
import io.atomix.primitive.SyncPrimitive;
import io.atomix.primitive.config.PrimitiveConfig;
import io.atomix.primitive.service.PrimitiveService;
import io.atomix.primitive.service.ServiceConfig;

/**
 * Minimal Atomix primitive type: only what the low-level {@code RaftServer} needs to instantiate our service
 * (docs/DESIGN.md "Raft library findings", R-primitive: the high-level primitive stack is ~10 classes; we skip
 * builders/proxies/Kryo entirely and talk raw bytes through {@code SessionClient.execute}).
 */
@SuppressWarnings("rawtypes")
final class CasmbPrimitiveType implements PrimitiveType<PrimitiveBuilder, PrimitiveConfig, SyncPrimitive> {
    static final String NAME = "casmb-state";
    private final ReplicatedState state;

    CasmbPrimitiveType(ReplicatedState state) {
        this.state = state;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public PrimitiveConfig newConfig() {
        throw new UnsupportedOperationException("no high-level config");
    }

    @Override
    public PrimitiveBuilder newBuilder(String primitiveName, PrimitiveConfig config,
                                       PrimitiveManagementService managementService) {
        throw new UnsupportedOperationException("no high-level builder");
    }

    @Override
    public PrimitiveService newService(ServiceConfig config) {
        return new CasmbService(state);
    }
}
