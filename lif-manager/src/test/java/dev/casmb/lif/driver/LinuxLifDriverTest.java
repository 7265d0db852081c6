package dev.casmb.lif.driver;

import dev.casmb.lif.model.LifAddress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Command lines and error mapping of the linux driver, with a fake command runner. */
class LinuxLifDriverTest {

    final List<List<String>> ran = new ArrayList<>();

    LinuxLifDriver driverAnswering(int exit, String stderr) {
        return new LinuxLifDriver(List.of("ip", "netns", "exec", "casmbt-x"), (argv, timeout) -> {
            ran.add(argv);
            return new CommandRunner.Result(exit, "", stderr);
        }, false);
    }

    @Test
    void buildsIpCommandsBehindThePrefix() {
        LinuxLifDriver d = driverAnswering(0, "");
        d.plumb(LifAddress.parse("10.77.0.100/24"), "eth0");
        d.plumb(LifAddress.parse("fd00::10/64"), "eth0");
        d.unplumb(LifAddress.parse("10.77.0.100/24"), "eth0");
        assertEquals(List.of("ip", "netns", "exec", "casmbt-x", "ip", "addr", "add", "10.77.0.100/24", "dev", "eth0"),
                ran.get(0));
        assertEquals("nodad", ran.get(1).get(ran.get(1).size() - 1));
        assertEquals(List.of("ip", "netns", "exec", "casmbt-x", "ip", "addr", "del", "10.77.0.100/24", "dev", "eth0"),
                ran.get(2));
        assertTrue(d.describe().contains("casmbt-x"));
    }

    @Test
    void mapsErrorsToClearKinds() {
        LifAddress a = LifAddress.parse("10.77.0.100/24");
        assertEquals(LifDriverException.Kind.ADDRESS_IN_USE, assertThrows(LifDriverException.class,
                () -> driverAnswering(2, "RTNETLINK answers: File exists").plumb(a, "eth0")).kind());
        assertEquals(LifDriverException.Kind.NO_SUCH_PORT, assertThrows(LifDriverException.class,
                () -> driverAnswering(1, "Cannot find device \"eth9\"").plumb(a, "eth9")).kind());
        LifDriverException perm = assertThrows(LifDriverException.class,
                () -> driverAnswering(2, "RTNETLINK answers: Operation not permitted").plumb(a, "eth0"));
        assertEquals(LifDriverException.Kind.PERMISSION_DENIED, perm.kind());
        assertTrue(perm.getMessage().contains("10.77.0.100/24") && perm.getMessage().contains("eth0"));
        assertEquals(LifDriverException.Kind.COMMAND_FAILED, assertThrows(LifDriverException.class,
                () -> driverAnswering(-1, "ip addr timed out").plumb(a, "eth0")).kind());
    }

    @Test
    void unplumbOfMissingAddressIsNotAnError() {
        driverAnswering(2, "RTNETLINK answers: Cannot assign requested address")
                .unplumb(LifAddress.parse("10.77.0.100/24"), "eth0");
        assertThrows(LifDriverException.class, () -> driverAnswering(1, "Cannot find device \"eth9\"")
                .unplumb(LifAddress.parse("10.77.0.100/24"), "eth9"));
    }

    @Test
    void loopbackDriverValidates() {
        LoopbackSegment seg = new LoopbackSegment();
        LoopbackLifDriver a = new LoopbackLifDriver("a", seg);
        LoopbackLifDriver b = new LoopbackLifDriver("b", seg);
        LifAddress addr = LifAddress.parse("127.0.0.21/8");
        assertEquals(LifDriverException.Kind.INVALID_ADDRESS, assertThrows(LifDriverException.class,
                () -> a.plumb(LifAddress.parse("10.0.0.1/8"), "lo")).kind());
        a.plumb(addr, "lo");
        assertEquals(LifDriverException.Kind.ADDRESS_IN_USE,
                assertThrows(LifDriverException.class, () -> a.plumb(addr, "lo")).kind());
        assertEquals(LifDriverException.Kind.ADDRESS_IN_USE,
                assertThrows(LifDriverException.class, () -> b.plumb(addr, "lo")).kind());
        b.unplumb(addr, "lo"); // not b's: no effect
        assertTrue(a.isPlumbed(addr));
        a.unplumb(addr, "lo");
        b.plumb(addr, "lo");
        assertTrue(b.isPlumbed(addr));
    }
}
