package dev.casmb.smb;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Layering: no cycle between the packages of this module's production code ({@code target/classes}; every package is
 * its own slice). A cycle means two packages are one concept or a dependency points the wrong way.
 */
class PackageCyclesTest {
    @Test
    void packagesAreFreeOfCycles() {
        JavaClasses classes = new ClassFileImporter().importPath(Path.of("target", "classes"));
        slices().matching("dev.casmb.(**)").should().beFreeOfCycles().check(classes);
    }
}
