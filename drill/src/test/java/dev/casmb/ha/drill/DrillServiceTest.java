package dev.casmb.ha.drill;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.casmb.ha.admin.UpgradeDrillRunner;
import org.junit.jupiter.api.Test;

/** ha-pair's admin shell finds the drill through ServiceLoader when this module is on the class path. */
class DrillServiceTest {
    @Test
    void theAdminShellFindsTheDrill() {
        assertInstanceOf(AdminShellDrillRunner.class, UpgradeDrillRunner.find().orElseThrow());
    }
}
