package dev.casmb.rpc.client;

import dev.casmb.auth.ntlm.NtlmClient;
import dev.casmb.auth.ntlm.NtlmException;
import dev.casmb.auth.ntlm.NtlmSessionSecurity;
import dev.casmb.rpc.auth.AuthLevel;
import dev.casmb.rpc.auth.AuthType;
import dev.casmb.rpc.pdu.BindPdu;
import dev.casmb.rpc.pdu.ContextElement;
import dev.casmb.rpc.pdu.LittleEndian;
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
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;

/**
 * The client side of a connection-oriented DCE/RPC association over TCP (ncacn_ip_tcp, C706 chapter 12):
 * one presentation context, NDR 2.0, optionally NTLMSSP (auth_type 10, RPC_C_AUTHN_WINNT) at packet
 * integrity: bind (NEGOTIATE) → bind_ack (CHALLENGE) → auth3 (AUTHENTICATE), then every request and response
 * carries a signature over the whole PDU ([MS-RPCE] 2.2.2.11, 3.3.1.5.2). Blocking and one call at a time;
 * requests are not fragmented (the stubs this client sends are small) but fragmented responses are
 * reassembled, bounded by {@link #MAX_RESPONSE}.
 */
public final class RpcClientConnection implements AutoCloseable {
    /** Upper bound of a reassembled response stub. */
    public static final int MAX_RESPONSE = 1 << 20;
    private static final int MAX_FRAG = 5840;
    private static final int CONTEXT_ID = 0;
    private static final int AUTH_CONTEXT_ID = 1;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private NtlmSessionSecurity security;
    private int maxXmitFrag = MAX_FRAG;
    private int callId = 1;

    private RpcClientConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Credentials for NTLMSSP: user, domain and NT hash. */
    public record Credentials(String user, String domain, byte[] ntHash) {
    }

    /**
     * Connects to {@code server} and binds {@code iface}; with {@code creds}, authenticates at packet
     * integrity, else binds unauthenticated (the endpoint mapper).
     */
    public static RpcClientConnection open(InetSocketAddress server, SyntaxId iface, Credentials creds, int timeoutMs)
            throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(server, timeoutMs);
            s.setSoTimeout(timeoutMs);
            RpcClientConnection c = new RpcClientConnection(s);
            c.bind(iface, creds);
            return c;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Read timeout for later calls (0 = wait forever, e.g. for an AsyncNotify that waits for an event). */
    public void setTimeoutMs(int ms) throws IOException {
        socket.setSoTimeout(ms);
    }

    private void bind(SyntaxId iface, Credentials creds) throws IOException {
        byte[] body = new BindPdu(MAX_FRAG, MAX_FRAG, 0,
            List.of(new ContextElement(CONTEXT_ID, iface, List.of(SyntaxId.NDR20)))).encodeBody();
        NtlmClient ntlm = creds == null ? null : new NtlmClient(creds.user(), creds.domain(), creds.ntHash());
        int flags = PfcFlags.FIRST_FRAG | PfcFlags.LAST_FRAG;
        int id = callId++;
        if (ntlm == null) {
            send(PduEncoder.encode(PduType.BIND, flags, id, body));
        } else {
            int pad = (4 - body.length % 4) % 4;
            send(PduEncoder.encode(PduType.BIND, flags, id, body, trailer(), pad, ntlm.negotiate()));
        }
        RawPdu ack = receive();
        if (ack.type() == PduType.BIND_NAK) throw new RpcClientException("bind refused (bind_nak reason " + ack.u16(0) + ")");
        if (ack.type() != PduType.BIND_ACK) throw new RpcClientException("unexpected PTYPE " + ack.type() + " after bind");
        require(ack, 10);
        maxXmitFrag = Math.max(1024, Math.min(MAX_FRAG, ack.u16(2))); // the server's max_recv_frag
        int secAddrLen = ack.u16(8);
        int off = 10 + secAddrLen;
        off += (4 - off % 4) % 4;
        require(ack, off + 8);
        int nResults = ack.u8(off);
        int result = ack.u16(off + 4);
        if (nResults < 1 || result != 0) {
            throw new RpcClientException("presentation context rejected (result " + result + ", reason " + ack.u16(off + 6) + ")");
        }
        if (ntlm == null) return;
        if (ack.authValue() == null) throw new RpcClientException("bind_ack carries no NTLMSSP CHALLENGE");
        byte[] authenticate;
        try {
            authenticate = ntlm.authenticate(ack.authValue());
        } catch (NtlmException e) {
            throw new RpcClientException("bad NTLMSSP CHALLENGE: " + e.getMessage());
        }
        // AUTH3 body: 4 bytes of padding ([MS-RPCE] 2.2.2.10)
        send(PduEncoder.encode(PduType.AUTH3, flags, callId++, new byte[4], trailer(), 0, authenticate));
        security = ntlm.security();
    }

    private static SecTrailer trailer() {
        return new SecTrailer(AuthType.WINNT, AuthLevel.PKT_INTEGRITY, 0, AUTH_CONTEXT_ID);
    }

    /** Calls {@code opnum} with an NDR stub and returns the (reassembled) response stub. */
    public byte[] call(int opnum, byte[] stub) throws IOException {
        int id = callId++;
        byte[] body = new RequestPdu(stub.length, CONTEXT_ID, opnum, null, stub).encodeBody();
        int flags = PfcFlags.FIRST_FRAG | PfcFlags.LAST_FRAG;
        byte[] pdu;
        if (security == null) {
            pdu = PduEncoder.encode(PduType.REQUEST, flags, id, body);
        } else {
            int pad = (16 - stub.length % 16) % 16;
            pdu = PduEncoder.encode(PduType.REQUEST, flags, id, body, trailer(), pad, new byte[NtlmSessionSecurity.SIGNATURE_LEN]);
            int sigOff = pdu.length - NtlmSessionSecurity.SIGNATURE_LEN;
            byte[] sig = security.sign(Arrays.copyOf(pdu, sigOff));
            System.arraycopy(sig, 0, pdu, sigOff, sig.length);
        }
        if (pdu.length > maxXmitFrag) throw new RpcClientException("request of " + pdu.length + " bytes exceeds max_xmit_frag");
        send(pdu);
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        while (true) {
            RawPdu r = receive();
            if (r.callId() != id) throw new RpcClientException("response for call " + r.callId() + ", expected " + id);
            if (r.type() == PduType.FAULT) {
                require(r, 12);
                throw new RpcFaultException(r.u32(8));
            }
            if (r.type() != PduType.RESPONSE) throw new RpcClientException("unexpected PTYPE " + r.type());
            require(r, ResponsePdu.HEADER_BODY);
            if (security != null) verify(r);
            int stubLen = r.bodyLength() - ResponsePdu.HEADER_BODY;
            if (result.size() + stubLen > MAX_RESPONSE) throw new RpcClientException("response larger than " + MAX_RESPONSE);
            result.write(r.wire(), r.bodyOffset() + ResponsePdu.HEADER_BODY, stubLen);
            if (r.header().has(PfcFlags.LAST_FRAG)) return result.toByteArray();
        }
    }

    private void verify(RawPdu r) throws IOException {
        SecTrailer t = r.trailer();
        if (t == null || t.authLevel() != AuthLevel.PKT_INTEGRITY || r.authValue().length != NtlmSessionSecurity.SIGNATURE_LEN) {
            throw new RpcClientException("response is not signed");
        }
        int sigOff = r.trailerOffset() + SecTrailer.SIZE;
        if (!security.verify(Arrays.copyOf(r.wire(), sigOff), r.authValue())) {
            throw new RpcClientException("bad response signature");
        }
    }

    private static void require(RawPdu p, int n) throws RpcClientException {
        if (p.bodyLength() < n) throw new RpcClientException("PTYPE " + p.type() + " body truncated");
    }

    private void send(byte[] pdu) throws IOException {
        out.write(pdu);
        out.flush();
    }

    private RawPdu receive() throws IOException {
        byte[] hdr = new byte[PduHeader.SIZE];
        new DataInputStream(in).readFully(hdr);
        if (hdr[4] != PduHeader.DREP_LE) throw new RpcClientException("server sent non-little-endian data representation");
        int len = LittleEndian.u16(hdr, 8);
        if (len < PduHeader.SIZE || len > 65535) throw new RpcClientException("bad frag_length " + len);
        byte[] pdu = Arrays.copyOf(hdr, len);
        new DataInputStream(in).readFully(pdu, PduHeader.SIZE, len - PduHeader.SIZE);
        try {
            return RawPdu.decode(pdu);
        } catch (PduFormatException e) {
            throw new RpcClientException("malformed PDU from server: " + e.getMessage());
        }
    }

    public InetSocketAddress remote() {
        return (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
