package dev.casmb.ha.consensus.ratis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.apache.ratis.proto.RaftProtos.RaftPeerProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

/** Quorum evidence on a follower: only contact with a leader Ratis knows now counts. */
class FollowedLeaderTest {
    @Test
    void aFollowerThatKnowsNoLeaderHasNoContact() {
        // what Ratis reports for a follower after a failed pre-vote: no leader, "last RPC" 0 ms ago
        ServerRpcProto none = ServerRpcProto.getDefaultInstance();
        assertEquals(0L, none.getLastRpcElapsedTimeMs());
        assertNull(RatisConsensus.followedLeader(none));
    }

    @Test
    void aFollowerOfAKnownLeaderReportsIt() {
        ServerRpcProto p = ServerRpcProto.newBuilder()
            .setId(RaftPeerProto.newBuilder().setId(ByteString.copyFromUtf8("node-b")))
            .setLastRpcElapsedTimeMs(120).build();
        assertEquals("node-b", RatisConsensus.followedLeader(p));
    }
}
