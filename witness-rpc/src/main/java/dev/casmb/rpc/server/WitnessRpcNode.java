package dev.casmb.rpc.server;

import dev.casmb.rpc.RpcLimits;
import dev.casmb.rpc.RpcServer;
import dev.casmb.rpc.auth.RpcSecurityProvider;
import dev.casmb.rpc.clusapi.ClusapiService;
import dev.casmb.rpc.clusapi.ClusterResources;
import dev.casmb.rpc.epm.EndpointMapperService;
import dev.casmb.rpc.epm.EndpointRegistry;
import dev.casmb.rpc.srvsvc.ShareCatalog;
import dev.casmb.rpc.srvsvc.SrvsvcService;
import dev.casmb.rpc.swn.WitnessConfig;
import dev.casmb.rpc.swn.WitnessEvents;
import dev.casmb.rpc.swn.WitnessService;
import dev.casmb.rpc.swn.WitnessTopology;
import dev.casmb.rpc.transport.RpcPipeSession;
import dev.casmb.rpc.transport.RpcTcpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Everything RPC a node runs, wired together: one {@link RpcServer} with the endpoint mapper, the MS-SWN witness
 * and srvsvc; TCP listeners for EPM (135) and the witness (dynamic port) on every data LIF the node hosts; and
 * named-pipe sessions for the SMB server. The node (ha-pair's NodeDaemon) wires: {@link #listenOn} /
 * {@link #stopListening} from LIF up/down, {@link #events()} from HA events, {@link #openPipe} from the SMB IPC$
 * share.
 */
public final class WitnessRpcNode implements AutoCloseable {
    private final RpcServer server;
    private final RpcTcpServer tcp;
    private final WitnessService witness;
    private final EndpointRegistry endpoints = new EndpointRegistry();
    private final ScheduledExecutorService timers;
    private final int epmPort;
    private final boolean clusapi;
    private int witnessPort;
    private final Map<InetAddress, List<InetSocketAddress>> listening = new HashMap<>();

    /**
     * @param epmPort 135 in production; a high port in tests
     * @param witnessPort fixed witness port, or 0 to pick one ephemeral port on the first LIF and reuse it
     */
    public WitnessRpcNode(WitnessTopology topology, ShareCatalog shares, RpcSecurityProvider security,
            WitnessConfig config, RpcLimits limits, int epmPort, int witnessPort) {
        this(topology, shares, security, config, limits, epmPort, witnessPort, null);
    }

    /**
     * @param clusterResources when non-null, the minimal MS-CMRP (clusapi) subset is served on the witness
     *        endpoint too (smbtorture's rpc.witness AsyncNotify test toggles resources through it)
     */
    public WitnessRpcNode(WitnessTopology topology, ShareCatalog shares, RpcSecurityProvider security,
            WitnessConfig config, RpcLimits limits, int epmPort, int witnessPort, ClusterResources clusterResources) {
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "witness-timers");
            t.setDaemon(true);
            return t;
        });
        this.witness = new WitnessService(topology, config, timers, System::currentTimeMillis);
        this.server = new RpcServer(security, limits)
                .register(new EndpointMapperService(endpoints))
                .register(witness)
                .register(new SrvsvcService(shares));
        this.clusapi = clusterResources != null;
        if (clusapi) {
            server.register(new ClusapiService(clusterResources));
        }
        this.tcp = new RpcTcpServer(server);
        this.epmPort = epmPort;
        this.witnessPort = witnessPort;
    }

    /** Starts EPM and witness listeners on one LIF address. */
    public synchronized void listenOn(InetAddress lifIp) throws InterruptedException {
        if (listening.containsKey(lifIp)) {
            return;
        }
        List<InetSocketAddress> bound = new ArrayList<>();
        bound.add(tcp.listen(new InetSocketAddress(lifIp, epmPort)));
        InetSocketAddress w = tcp.listen(new InetSocketAddress(lifIp, witnessPort));
        bound.add(w);
        if (witnessPort == 0) {
            witnessPort = w.getPort();
        }
        endpoints.register(WitnessService.SYNTAX.uuid(), WitnessService.SYNTAX.major(), witnessPort);
        if (clusapi) {
            endpoints.register(ClusapiService.SYNTAX.uuid(), ClusapiService.SYNTAX.major(), witnessPort);
        }
        listening.put(lifIp, bound);
    }

    /** Stops the listeners of a LIF that left this node (existing connections are not cut). */
    public synchronized void stopListening(InetAddress lifIp) {
        List<InetSocketAddress> bound = listening.remove(lifIp);
        if (bound != null) {
            bound.forEach(tcp::unlisten);
        }
    }

    public int epmPort() {
        return epmPort;
    }

    public synchronized int witnessPort() {
        return witnessPort;
    }

    /** Notification inputs for the HA/LIF layer. */
    public WitnessEvents events() {
        return witness;
    }

    public WitnessService witness() {
        return witness;
    }

    public RpcServer rpcServer() {
        return server;
    }

    /** Opens an ncacn_np session for a pipe on IPC$ (e.g. "srvsvc"). */
    public RpcPipeSession openPipe(String pipeName, InetSocketAddress client, InetSocketAddress local) {
        return new RpcPipeSession(server, pipeName, client, local);
    }

    @Override
    public void close() {
        tcp.close();
        witness.close();
        timers.shutdownNow();
    }
}
