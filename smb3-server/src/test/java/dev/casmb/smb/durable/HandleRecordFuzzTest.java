package dev.casmb.smb.durable;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.casmb.smb.proto.CreateContexts;
import dev.casmb.smb.proto.SmbException;
import io.netty.buffer.Unpooled;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing (Jazzer) of persisted/replicated handle records and of the CREATE context chain:
 * corrupt input must be CorruptRecordException / SmbException, and a decoded record must re-encode to itself.
 */
class HandleRecordFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void handleRecord(byte[] data) {
        try {
            HandleRecord r = HandleRecord.decode(data);
            HandleRecord again = HandleRecord.decode(r.encode());
            if (!again.equals(r)) throw new AssertionError("re-decoded record differs");
        } catch (CorruptRecordException expected) {
            // corrupt
        }
    }

    @FuzzTest(maxDuration = "10s")
    void createContexts(byte[] data) {
        if (data.length < 4) return;
        int off = (data[0] & 0xFF) % (data.length + 8);
        int len = (data[1] & 0xFF) << 8 | (data[2] & 0xFF);
        try {
            CreateContexts.parse(Unpooled.wrappedBuffer(Arrays.copyOfRange(data, 3, data.length)), off, len);
        } catch (SmbException expected) {
            // malformed chain
        }
    }
}
