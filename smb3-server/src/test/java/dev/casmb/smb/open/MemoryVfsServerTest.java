package dev.casmb.smb.open;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casmb.auth.users.UserDatabase;
import dev.casmb.smb.ServerContext;
import dev.casmb.smb.command.Commands;
import dev.casmb.smb.config.ShareConfig;
import dev.casmb.smb.dispatch.Dispatcher;
import dev.casmb.smb.dispatch.TestConnections;
import dev.casmb.smb.info.DirectoryEntries;
import dev.casmb.smb.info.FileInfoClasses;
import dev.casmb.smb.proto.AccessMask;
import dev.casmb.smb.proto.FileId;
import dev.casmb.smb.proto.NtStatus;
import dev.casmb.smb.proto.Smb2Body;
import dev.casmb.smb.proto.Smb2Command;
import dev.casmb.smb.proto.Smb2Header;
import dev.casmb.smb.proto.message.CloseRequest;
import dev.casmb.smb.proto.message.CreateContext;
import dev.casmb.smb.proto.message.CreateRequest;
import dev.casmb.smb.proto.message.CreateResponse;
import dev.casmb.smb.proto.message.MaximalAccessResponse;
import dev.casmb.smb.proto.message.OutputBufferResponse;
import dev.casmb.smb.proto.message.QueryDirectoryRequest;
import dev.casmb.smb.proto.message.QueryInfoRequest;
import dev.casmb.smb.proto.message.SetInfoRequest;
import dev.casmb.smb.state.Session;
import dev.casmb.smb.state.SmbConnection;
import dev.casmb.smb.vfs.MemoryVfs;
import dev.casmb.smb.vfs.Share;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The open engine and the CREATE, QUERY_INFO, SET_INFO, QUERY_DIRECTORY and CLOSE handlers through the real dispatcher
 * on a share whose files are in a {@link MemoryVfs}: the protocol reaches its files only through the Vfs (the share's
 * Paths name nothing on disk), and dispositions, share modes, rename and delete-on-close behave as on disk
 * (MS-SMB2 3.3.5.9, MS-FSA 2.1.5.1).
 */
class MemoryVfsServerTest {
    private static final long SID = 0x2000;
    private static final int TID = 1;
    private static final int RW = 0x0012019F | AccessMask.DELETE;

    @TempDir
    Path dir;
    private ServerContext server;
    private EmbeddedChannel ch;
    private Session session;
    private Dispatcher dispatcher;
    private MemoryVfs vfs;
    private long nextMid;

    @BeforeEach
    void setUp() throws Exception {
        ShareConfig sc = new ShareConfig("mem", dir.resolve("unused"), false, false, false, "");
        server = new ServerContext(TestConnections.config("MEM", sc), UserDatabase.inMemory());
        vfs = new MemoryVfs("server");
        Share share = new Share(sc, vfs);
        server.publishShare(share);
        ch = new EmbeddedChannel();
        SmbConnection conn = new SmbConnection(ch, 512);
        session = TestConnections.negotiate(conn, SID, TID, share, 256);
        dispatcher = new Dispatcher(server, conn, Commands.table());
    }

    @AfterEach
    void tearDown() {
        TestConnections.release(dispatcher, server, session, ch);
    }

    @Test
    void createsQueriesRenamesListsAndDeletesInMemory() throws Exception {
        Reply dirCreate = send(Smb2Command.CREATE, b -> create("docs", 0x0012019F, 7, CreateRequest.CREATE,
            CreateRequest.OPT_DIRECTORY_FILE, List.of()).encode(b));
        assertEquals(NtStatus.SUCCESS, dirCreate.status);
        FileId d = CreateResponse.decode(dirCreate.body).fileId();
        Reply r = send(Smb2Command.CREATE, b -> create("docs\\a.txt", RW, 7, CreateRequest.OPEN_IF,
            CreateRequest.OPT_NON_DIRECTORY_FILE, List.of(new CreateContext("MxAc", new byte[0]))).encode(b));
        assertEquals(NtStatus.SUCCESS, r.status);
        CreateResponse cr = CreateResponse.decode(r.body);
        assertEquals(CreateResponse.CREATED, cr.createAction());
        assertEquals(AccessMask.FILE_ALL_ACCESS,
            MaximalAccessResponse.decode(cr.contexts().get(0).data()).maximalAccess());
        assertTrue(vfs.exists(vfs.resolve(List.of("docs", "a.txt")), false), "made in the memory Vfs");

        // set the end of file, then read it back through FileStandardInformation (MS-FSCC 2.4.41)
        byte[] eof = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(5000).array();
        assertEquals(NtStatus.SUCCESS, send(Smb2Command.SET_INFO, b -> new SetInfoRequest(1, FileInfoClasses.END_OF_FILE, 0,
            cr.fileId(), eof).encode(b)).status);
        Reply q = send(Smb2Command.QUERY_INFO, b -> new QueryInfoRequest(1, FileInfoClasses.STANDARD, 24, 0, 0, 0, 0,
            cr.fileId()).encode(b));
        assertEquals(NtStatus.SUCCESS, q.status);
        byte[] std = OutputBufferResponse.decode(q.body).data();
        assertEquals(5000, ByteBuffer.wrap(std).order(ByteOrder.LITTLE_ENDIAN).getLong(8));

        // a second open that shares nothing meets the first: SHARING_VIOLATION (MS-FSA 2.1.5.1.2)
        assertEquals(NtStatus.SHARING_VIOLATION, send(Smb2Command.CREATE, b -> create("docs\\a.txt", RW, 0,
            CreateRequest.OPEN, 0, List.of()).encode(b)).status);
        assertEquals(NtStatus.OBJECT_NAME_COLLISION, send(Smb2Command.CREATE, b -> create("DOCS\\A.TXT", RW, 7,
            CreateRequest.CREATE, 0, List.of()).encode(b)).status);

        // rename (MS-FSCC 2.4.37.2; the directory's open holds no DELETE, so it does not block it, MS-FSA 2.1.5.14.11): ReplaceIfExists, RootDirectory 0, name
        byte[] to = "docs\\b.txt".getBytes(StandardCharsets.UTF_16LE);
        ByteBuffer ren = ByteBuffer.allocate(20 + to.length).order(ByteOrder.LITTLE_ENDIAN);
        ren.put(0, (byte) 0).putInt(16, to.length).put(20, to);
        assertEquals(NtStatus.SUCCESS, send(Smb2Command.SET_INFO, b -> new SetInfoRequest(1, FileInfoClasses.RENAME, 0,
            cr.fileId(), ren.array()).encode(b)).status);
        assertFalse(vfs.exists(vfs.resolve(List.of("docs", "a.txt")), false));

        Reply list = send(Smb2Command.QUERY_DIRECTORY, b -> new QueryDirectoryRequest(DirectoryEntries.NAMES, 0, 0, d, "*",
            65536).encode(b));
        assertEquals(NtStatus.SUCCESS, list.status);
        String names = new String(OutputBufferResponse.decode(list.body).data(), StandardCharsets.UTF_16LE);
        assertTrue(names.contains("b.txt") && !names.contains("a.txt"), names);

        // delete-on-close: the file goes when its last handle closes
        assertEquals(NtStatus.SUCCESS, send(Smb2Command.CLOSE, b -> new CloseRequest(0, cr.fileId()).encode(b)).status);
        Reply doc = send(Smb2Command.CREATE, b -> create("docs\\b.txt", RW, 7, CreateRequest.OPEN,
            CreateRequest.OPT_DELETE_ON_CLOSE, List.of()).encode(b));
        assertEquals(NtStatus.SUCCESS, doc.status);
        FileId docId = CreateResponse.decode(doc.body).fileId();
        assertEquals(NtStatus.SUCCESS, send(Smb2Command.CLOSE, b -> new CloseRequest(0, docId).encode(b)).status);
        assertFalse(vfs.exists(vfs.resolve(List.of("docs", "b.txt")), false));
        assertEquals(NtStatus.OBJECT_NAME_NOT_FOUND, send(Smb2Command.CREATE, b -> create("docs\\b.txt", RW, 7,
            CreateRequest.OPEN, 0, List.of()).encode(b)).status);
        assertEquals(NtStatus.OBJECT_PATH_NOT_FOUND, send(Smb2Command.CREATE, b -> create("nodir\\x", RW, 7,
            CreateRequest.OPEN_IF, 0, List.of()).encode(b)).status);
        assertEquals(NtStatus.SUCCESS, send(Smb2Command.CLOSE, b -> new CloseRequest(0, d).encode(b)).status);
    }

    @Test
    void overwriteOfAReadOnlyFileIsDenied() throws Exception {
        Reply r = send(Smb2Command.CREATE, b -> create("ro.txt", RW, 7, CreateRequest.CREATE, 0, List.of()).encode(b));
        FileId f = CreateResponse.decode(r.body).fileId();
        assertEquals(NtStatus.SUCCESS, send(Smb2Command.CLOSE, b -> new CloseRequest(0, f).encode(b)).status);
        vfs.setReadOnly(vfs.resolve(List.of("ro.txt")), true);
        assertEquals(NtStatus.ACCESS_DENIED, send(Smb2Command.CREATE, b -> create("ro.txt", RW, 7,
            CreateRequest.OVERWRITE_IF, 0, List.of()).encode(b)).status);
        assertEquals(NtStatus.CANNOT_DELETE, send(Smb2Command.CREATE, b -> create("ro.txt", RW, 7,
            CreateRequest.OPEN, CreateRequest.OPT_DELETE_ON_CLOSE, List.of()).encode(b)).status);
    }

    private static CreateRequest create(String name, int access, int share, int disposition, int options,
                                        List<CreateContext> ctxs) {
        return new CreateRequest(0, 0, 2, 0, 0, access, 0x80, share, disposition, options, name, ctxs);
    }

    private record Reply(int status, Smb2Body body) {}

    /** One request through the dispatcher; its response (header status, body as a message with the header at 0). */
    private Reply send(int command, Consumer<ByteBuf> body) {
        TestConnections.dispatch(dispatcher, TestConnections.message(command, 1, nextMid++, SID, TID, body));
        ByteBuf msg = TestConnections.next(ch);
        Smb2Header h = Smb2Header.decode(msg, 0);
        return new Reply(h.status, Smb2Body.of(msg));
    }
}
