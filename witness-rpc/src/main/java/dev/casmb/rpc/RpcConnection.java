package dev.casmb.rpc;

import dev.casmb.rpc.assoc.AssociationGroup;
import dev.casmb.rpc.auth.AuthInfo;
import dev.casmb.rpc.auth.AuthLevel;
import dev.casmb.rpc.auth.AuthStep;
import dev.casmb.rpc.auth.AuthType;
import dev.casmb.rpc.auth.RpcAuthContext;
import dev.casmb.rpc.auth.RpcAuthException;
import dev.casmb.rpc.ndr.NdrException;
import dev.casmb.rpc.pdu.BindAckPdu;
import dev.casmb.rpc.pdu.BindNakPdu;
import dev.casmb.rpc.pdu.BindPdu;
import dev.casmb.rpc.pdu.ContextElement;
import dev.casmb.rpc.pdu.ContextResult;
import dev.casmb.rpc.pdu.FaultPdu;
import dev.casmb.rpc.pdu.FaultStatus;
import dev.casmb.rpc.pdu.PduEncoder;
import dev.casmb.rpc.pdu.PduFormatException;
import dev.casmb.rpc.pdu.PduHeader;
import dev.casmb.rpc.pdu.PduType;
import dev.casmb.rpc.pdu.PfcFlags;
import dev.casmb.rpc.pdu.RawPdu;
import dev.casmb.rpc.pdu.RequestPdu;
import dev.casmb.rpc.pdu.ResponsePdu;
import dev.casmb.rpc.pdu.SecTrailer;
import dev.casmb.rpc.pdu.SyntaxId;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server side of one connection-oriented DCE/RPC connection (C706 ch. 12, [MS-RPCE] 3.3.1.5), independent
 * of the transport: {@link #receive} takes one complete PDU, outbound PDUs go to the {@link PduSink}.
 * Every method runs on the connection's serial executor, which also orders signing/sealing state.
 * Malformed input ends in a fault or in closing this connection; exceptions never escape.
 */
public final class RpcConnection {
    private static final Logger LOG = LoggerFactory.getLogger(RpcConnection.class);
    /** Bind-time features we acknowledge: KeepConnectionOnOrphan (0x02), [MS-RPCE] 2.2.2.14. */
    private static final int SUPPORTED_BTFN = 0x02;

    private final RpcServer server;
    private final TransportInfo transport;
    private final PduSink sink;
    private final Executor serial;

    private boolean bound;
    private boolean closed;
    private AssociationGroup association;
    private int maxXmitFrag;
    private int maxRecvFrag;
    private final Map<Integer, RpcInterface> contexts = new HashMap<>();
    private final Map<Integer, Reassembly> reassembly = new HashMap<>();
    private final Map<Integer, CompletableFuture<byte[]>> outstanding = new HashMap<>();

    private RpcAuthContext auth;
    private int authType = AuthType.NONE;
    private int authLevel = AuthLevel.NONE;
    private int authContextId;
    private boolean authComplete;
    /** auth3 failed: like Samba, the next request gets fault ACCESS_DENIED and the connection is dropped. */
    private boolean authFailed;

    /** A request being reassembled from fragments ([MS-RPCE] 3.3.1.5.6). */
    private static final class Reassembly {
        final int contextId;
        final int opnum;
        final ByteArrayOutputStream stub = new ByteArrayOutputStream();

        Reassembly(int contextId, int opnum) {
            this.contextId = contextId;
            this.opnum = opnum;
        }
    }

    RpcConnection(RpcServer server, TransportInfo transport, PduSink sink, Executor serial) {
        this.server = server;
        this.transport = transport;
        this.sink = sink;
        this.serial = serial;
        this.maxXmitFrag = server.limits().minFragSize();
        this.maxRecvFrag = server.limits().maxFragSize();
    }

    public TransportInfo transport() {
        return transport;
    }

    /** Negotiated fragment size (both directions), 0 before bind. */
    public int negotiatedFragSize() {
        return bound ? maxXmitFrag : 0;
    }

    public AuthInfo authInfo() {
        if (auth == null || !authComplete) {
            return AuthInfo.ANONYMOUS;
        }
        return new AuthInfo(authType, authLevel, auth.principal());
    }

    public boolean isClosed() {
        return closed;
    }

    /** Handles one complete inbound PDU. */
    public void receive(byte[] wire) {
        if (closed) {
            return;
        }
        try {
            RawPdu pdu = RawPdu.decode(wire);
            if (bound && wire.length > maxRecvFrag) {
                throw new PduFormatException("fragment exceeds negotiated max_recv_frag");
            }
            switch (pdu.type()) {
                case PduType.BIND -> onBind(pdu);
                case PduType.ALTER_CONTEXT -> onAlterContext(pdu);
                case PduType.AUTH3 -> onAuth3(pdu);
                case PduType.REQUEST -> onRequest(pdu);
                case PduType.CO_CANCEL -> onCancel(pdu.callId(), true);
                case PduType.ORPHANED -> onCancel(pdu.callId(), false);
                default -> throw new PduFormatException("unexpected PTYPE " + pdu.type());
            }
        } catch (PduFormatException e) {
            LOG.debug("protocol error from {}: {}", transport.remote(), e.getMessage());
            protocolError(wire);
        } catch (RuntimeException e) {
            LOG.warn("internal error on RPC connection from {}", transport.remote(), e);
            protocolError(wire);
        }
    }

    /** Answers a broken PDU with a nca_s_proto_error fault when we can name the call, then disconnects. */
    private void protocolError(byte[] wire) {
        if (bound && wire.length >= PduHeader.SIZE) {
            int callId = (wire[12] & 0xFF) | (wire[13] & 0xFF) << 8 | (wire[14] & 0xFF) << 16 | (wire[15] & 0xFF) << 24;
            sendFault(callId, 0, FaultStatus.NCA_S_PROTO_ERROR, true);
        }
        close();
    }

    /** Transport closed or protocol error: cancel outstanding calls and leave the association. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<CompletableFuture<byte[]>> calls = new ArrayList<>(outstanding.values());
        outstanding.clear();
        reassembly.clear();
        for (CompletableFuture<byte[]> f : calls) {
            f.cancel(false);
        }
        if (association != null) {
            server.associations().release(association);
            association = null;
        }
        sink.close();
    }

    // ---------------------------------------------------------------- bind / alter_context / auth3

    private void onBind(RawPdu pdu) throws PduFormatException {
        BindPdu bind = BindPdu.decode(pdu);
        if (bound) {
            // C706 12.6.4.3: a second bind on a connection is a protocol error.
            throw new PduFormatException("duplicate bind");
        }
        int offered = Math.min(bind.maxXmitFrag(), bind.maxRecvFrag());
        if (offered < server.limits().minFragSize()) {
            sendNak(pdu.callId(), BindNakPdu.LOCAL_LIMIT_EXCEEDED);
            return;
        }
        AssociationGroup group = bind.assocGroupId() == 0
                ? server.associations().create(transport.remote() == null ? null : transport.remote().getAddress())
                : server.associations().join(bind.assocGroupId(),
                        transport.remote() == null ? null : transport.remote().getAddress());
        if (group == null) {
            sendNak(pdu.callId(), BindNakPdu.REASON_NOT_SPECIFIED);
            return;
        }
        byte[] authToken = null;
        if (pdu.trailer() != null) {
            try {
                authToken = startAuth(pdu);
            } catch (RpcAuthException e) {
                LOG.debug("bind auth rejected: {}", e.getMessage());
                server.associations().release(group);
                sendNak(pdu.callId(), BindNakPdu.AUTHENTICATION_TYPE_NOT_RECOGNIZED);
                return;
            }
        }
        association = group;
        bound = true;
        maxXmitFrag = Math.min(offered, server.limits().maxFragSize()) & ~7;
        maxRecvFrag = maxXmitFrag;
        List<ContextResult> results = negotiate(bind.contexts());
        BindAckPdu ack = new BindAckPdu(maxXmitFrag, maxRecvFrag, group.id(), transport.secondaryAddress(), results);
        sendBindFamily(PduType.BIND_ACK, pdu, ack.encodeBody(), authToken);
    }

    private void onAlterContext(RawPdu pdu) throws PduFormatException {
        if (!bound) {
            throw new PduFormatException("alter_context before bind");
        }
        BindPdu alter = BindPdu.decode(pdu);
        byte[] authToken = null;
        if (pdu.trailer() != null) {
            try {
                authToken = auth == null ? startAuth(pdu) : continueAuth(pdu);
            } catch (RpcAuthException e) {
                LOG.debug("alter_context auth failed: {}", e.getMessage());
                sendFault(pdu.callId(), 0, FaultStatus.ACCESS_DENIED, true);
                close();
                return;
            }
        }
        List<ContextResult> results = negotiate(alter.contexts());
        BindAckPdu resp = new BindAckPdu(maxXmitFrag, maxRecvFrag, association.id(), null, results);
        sendBindFamily(PduType.ALTER_CONTEXT_RESP, pdu, resp.encodeBody(), authToken);
    }

    private void onAuth3(RawPdu pdu) throws PduFormatException {
        if (!bound || auth == null || authComplete || pdu.trailer() == null) {
            throw new PduFormatException("unexpected auth3");
        }
        try {
            continueAuth(pdu); // auth3 has no reply (C706 / [MS-RPCE] 2.2.2.10)
        } catch (RpcAuthException e) {
            LOG.debug("auth3 failed: {}", e.getMessage());
            authFailed = true;
        }
    }

    private byte[] startAuth(RawPdu pdu) throws RpcAuthException {
        SecTrailer t = pdu.trailer();
        if (!server.security().supports(t.authType())) {
            throw new RpcAuthException("unsupported auth_type " + t.authType());
        }
        if (t.authLevel() < AuthLevel.CONNECT || t.authLevel() > AuthLevel.PKT_PRIVACY) {
            throw new RpcAuthException("bad auth_level " + t.authLevel());
        }
        RpcAuthContext ctx = server.security().newContext(t.authType(), transport.remote());
        AuthStep step = ctx.step(pdu.authValue());
        auth = ctx;
        authType = t.authType();
        authLevel = t.authLevel() == AuthLevel.CALL ? AuthLevel.PKT : t.authLevel();
        authContextId = t.contextId();
        authComplete = step.complete();
        return step.responseToken();
    }

    private byte[] continueAuth(RawPdu pdu) throws RpcAuthException {
        SecTrailer t = pdu.trailer();
        if (t.authType() != authType || t.contextId() != authContextId) {
            throw new RpcAuthException("auth trailer does not match the bind");
        }
        if (authComplete) {
            return null; // alter_context for a new presentation context on an established security context
        }
        AuthStep step = auth.step(pdu.authValue());
        authComplete = step.complete();
        return step.responseToken();
    }

    /** Presentation context negotiation (C706 12.6.4.4, [MS-RPCE] 3.3.1.5.3): NDR 2.0 only. */
    private List<ContextResult> negotiate(List<ContextElement> elems) {
        List<ContextResult> out = new ArrayList<>(elems.size());
        for (ContextElement e : elems) {
            SyntaxId ts0 = e.transferSyntaxes().get(0);
            if (ts0.isBindTimeFeatureNegotiation()) {
                out.add(new ContextResult(ContextResult.NEGOTIATE_ACK, ts0.bindTimeFeatures() & SUPPORTED_BTFN,
                        SyntaxId.NULL));
                continue;
            }
            RpcInterface iface = server.find(e.abstractSyntax());
            if (iface == null) {
                out.add(ContextResult.reject(ContextResult.REASON_ABSTRACT_SYNTAX_NOT_SUPPORTED));
                continue;
            }
            if (!e.transferSyntaxes().contains(SyntaxId.NDR20)) {
                out.add(ContextResult.reject(ContextResult.REASON_TRANSFER_SYNTAXES_NOT_SUPPORTED));
                continue;
            }
            RpcInterface existing = contexts.get(e.contextId());
            if (existing == null && contexts.size() >= server.limits().maxContextsPerConnection()) {
                out.add(ContextResult.reject(ContextResult.REASON_LOCAL_LIMIT_EXCEEDED));
                continue;
            }
            if (existing != null && existing != iface) {
                // [MS-RPCE] 3.3.1.5.3: a context id cannot change its abstract syntax.
                out.add(ContextResult.reject(ContextResult.REASON_NOT_SPECIFIED));
                continue;
            }
            contexts.put(e.contextId(), iface);
            out.add(ContextResult.accept(SyntaxId.NDR20));
        }
        return out;
    }

    private void sendBindFamily(int type, RawPdu req, byte[] body, byte[] authToken) {
        int flags = PfcFlags.FIRST_FRAG | PfcFlags.LAST_FRAG
                | (req.header().flags() & (PfcFlags.CONC_MPX | PfcFlags.SUPPORT_HEADER_SIGN));
        if (authToken == null || auth == null) {
            sink.send(PduEncoder.encode(type, flags, req.callId(), body));
            return;
        }
        int pad = (4 - body.length % 4) % 4;
        sink.send(PduEncoder.encode(type, flags, req.callId(), body,
                new SecTrailer(authType, authLevel, pad, authContextId), pad, authToken));
    }

    private void sendNak(int callId, int reason) {
        sink.send(PduEncoder.encode(PduType.BIND_NAK, PfcFlags.FIRST_FRAG | PfcFlags.LAST_FRAG, callId,
                new BindNakPdu(reason).encodeBody()));
    }

    // ---------------------------------------------------------------- request / response

    private void onRequest(RawPdu pdu) throws PduFormatException {
        if (!bound) {
            throw new PduFormatException("request before bind");
        }
        int callId = pdu.callId();
        if (!verifyRequestAuth(pdu)) {
            return;
        }
        RequestPdu req = RequestPdu.decode(pdu);
        boolean first = pdu.header().has(PfcFlags.FIRST_FRAG);
        boolean last = pdu.header().has(PfcFlags.LAST_FRAG);
        Reassembly r = reassembly.get(callId);
        if (first) {
            if (r != null || outstanding.containsKey(callId)) {
                throw new PduFormatException("call_id " + callId + " already in use");
            }
            if (reassembly.size() + outstanding.size() >= server.limits().maxOutstandingCalls()) {
                sendFault(callId, req.contextId(), FaultStatus.NCA_S_PROTO_ERROR, true);
                close();
                return;
            }
            r = new Reassembly(req.contextId(), req.opnum());
        } else if (r == null || r.contextId != req.contextId() || r.opnum != req.opnum()) {
            throw new PduFormatException("fragment without matching first fragment");
        }
        if (r.stub.size() + req.stub().length > server.limits().maxRequestBytes()) {
            reassembly.remove(callId);
            sendFault(callId, req.contextId(), FaultStatus.NCA_S_FAULT_REMOTE_NO_MEMORY, true);
            close();
            return;
        }
        r.stub.write(req.stub(), 0, req.stub().length);
        if (!last) {
            reassembly.put(callId, r);
            return;
        }
        reassembly.remove(callId);
        dispatch(callId, r.contextId, r.opnum, r.stub.toByteArray());
    }

    /** Verifies (and unseals) an authenticated request fragment in place; false if a fault was sent. */
    private boolean verifyRequestAuth(RawPdu pdu) throws PduFormatException {
        SecTrailer t = pdu.trailer();
        if (authFailed) {
            sendFault(pdu.callId(), 0, FaultStatus.ACCESS_DENIED, true);
            close();
            return false;
        }
        if (auth == null || !AuthLevel.signs(authLevel)) {
            if (t != null && auth == null) {
                throw new PduFormatException("auth trailer on unauthenticated connection");
            }
            return true; // CONNECT level: trailer (if any) is ignored
        }
        if (!authComplete || t == null || t.authType() != authType || t.authLevel() != authLevel
                || t.contextId() != authContextId) {
            sendFault(pdu.callId(), 0, FaultStatus.ACCESS_DENIED, true);
            close();
            return false;
        }
        int stubOff = PduHeader.SIZE + (pdu.header().has(PfcFlags.OBJECT_UUID) ? 24 : 8);
        int trailerOff = pdu.trailerOffset();
        if (stubOff > trailerOff) {
            throw new PduFormatException("request header overlaps sec_trailer");
        }
        try {
            auth.unprotect(pdu.wire(), stubOff, trailerOff - stubOff, trailerOff + SecTrailer.SIZE,
                    pdu.authValue(), authLevel == AuthLevel.PKT_PRIVACY);
            return true;
        } catch (RpcAuthException e) {
            LOG.debug("request signature check failed: {}", e.getMessage());
            sendFault(pdu.callId(), 0, FaultStatus.RPC_S_SEC_PKG_ERROR, true);
            close();
            return false;
        }
    }

    private void dispatch(int callId, int contextId, int opnum, byte[] stub) {
        RpcInterface iface = contexts.get(contextId);
        if (iface == null) {
            sendFault(callId, contextId, FaultStatus.NCA_S_UNK_IF, true);
            return;
        }
        AuthInfo who = authInfo();
        if (iface.minAuthLevel() > AuthLevel.NONE && !who.atLeast(iface.minAuthLevel())) {
            sendFault(callId, contextId, FaultStatus.ACCESS_DENIED, false);
            return;
        }
        CompletableFuture<byte[]> f;
        try {
            f = iface.invoke(opnum, stub, new RpcCallContext(association, who, transport, callId));
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        if (f.isDone()) {
            finish(callId, contextId, f);
            return;
        }
        outstanding.put(callId, f);
        CompletableFuture<byte[]> call = f;
        f.whenComplete((v, ex) -> serial.execute(() -> {
            if (outstanding.remove(callId, call)) {
                finish(callId, contextId, call);
            }
        }));
    }

    private void finish(int callId, int contextId, CompletableFuture<byte[]> f) {
        if (closed) {
            return;
        }
        byte[] stub;
        try {
            stub = f.join();
        } catch (CancellationException e) {
            sendFault(callId, contextId, FaultStatus.NCA_S_FAULT_CANCEL, false);
            return;
        } catch (CompletionException e) {
            sendFault(callId, contextId, faultStatusOf(e.getCause()), false);
            return;
        }
        sendResponse(callId, contextId, stub);
    }

    private static int faultStatusOf(Throwable t) {
        if (t instanceof RpcFault rf) {
            return rf.status();
        }
        if (t instanceof NdrException) {
            return FaultStatus.RPC_X_BAD_STUB_DATA;
        }
        LOG.warn("RPC operation failed", t);
        return FaultStatus.RPC_S_CALL_FAILED;
    }

    /** co_cancel (fault nca_s_fault_cancel) or orphaned (silently drop), [MS-RPCE] 3.3.1.5.7 / 3.3.1.5.8. */
    private void onCancel(int callId, boolean answer) {
        reassembly.remove(callId);
        CompletableFuture<byte[]> f = outstanding.remove(callId);
        if (f == null) {
            return;
        }
        f.cancel(false);
        if (answer) {
            sendFault(callId, 0, FaultStatus.NCA_S_FAULT_CANCEL, false);
        }
    }

    /** Splits a response stub into fragments of at most max_xmit_frag bytes (C706 12.6.3.7). */
    private void sendResponse(int callId, int contextId, byte[] stub) {
        boolean signed = auth != null && authComplete && AuthLevel.signs(authLevel);
        int sigLen = signed ? auth.signatureLength() : 0;
        int room = maxXmitFrag - PduHeader.SIZE - ResponsePdu.HEADER_BODY;
        if (signed) {
            room = (room - SecTrailer.SIZE - sigLen) & ~15;
        }
        int off = 0;
        do {
            int n = Math.min(room, stub.length - off);
            int flags = (off == 0 ? PfcFlags.FIRST_FRAG : 0) | (off + n == stub.length ? PfcFlags.LAST_FRAG : 0);
            byte[] body = new ResponsePdu(stub.length - off, contextId, 0, stub, off, n).encodeBody();
            byte[] out;
            if (signed) {
                int pad = (16 - n % 16) % 16;
                out = PduEncoder.encode(PduType.RESPONSE, flags, callId, body,
                        new SecTrailer(authType, authLevel, pad, authContextId), pad, new byte[sigLen]);
                int sigOff = out.length - sigLen;
                try {
                    byte[] sig = auth.protect(out, PduHeader.SIZE + ResponsePdu.HEADER_BODY, n + pad, sigOff,
                            authLevel == AuthLevel.PKT_PRIVACY);
                    System.arraycopy(sig, 0, out, sigOff, sigLen);
                } catch (RpcAuthException e) {
                    LOG.warn("cannot protect response", e);
                    close();
                    return;
                }
            } else {
                out = PduEncoder.encode(PduType.RESPONSE, flags, callId, body);
            }
            sink.send(out);
            off += n;
        } while (off < stub.length);
    }

    private void sendFault(int callId, int contextId, int status, boolean didNotExecute) {
        int flags = PfcFlags.FIRST_FRAG | PfcFlags.LAST_FRAG | (didNotExecute ? PfcFlags.DID_NOT_EXECUTE : 0);
        sink.send(PduEncoder.encode(PduType.FAULT, flags, callId, new FaultPdu(contextId, 0, status).encodeBody()));
    }
}
