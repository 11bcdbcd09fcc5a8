package io.imagepipe.e2e.architecture;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of the modules' main code, checked on every build (docs/adr/0018): no cycle
 * between packages, no service importing another service, and the shared code importing
 * none of them. The services' jars are on this module's test class path, so every
 * module's main classes are read here; their tests are not.
 */
@AnalyzeClasses(packages = "io.imagepipe", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	/** The root package of each service, under {@code io.imagepipe}. */
	static final List<String> SERVICES = List.of("ingest", "serving", "worker", "imports", "ops");

	/** What every service may use; it uses none of them. */
	static final List<String> SHARED = List.of("contract", "web");

	@ArchTest
	static final ArchRule noPackageCycles = slices().matching("io.imagepipe.(**)")
		.namingSlices("package io.imagepipe.$1")
		.should()
		.beFreeOfCycles();

	@ArchTest
	static final ArchRule noServiceImportsAnother = slices().assignedFrom(new Services())
		.should()
		.notDependOnEachOther()
		.because("the services talk through the database and the broker only, never through each other's code");

	@ArchTest
	static final ArchRule sharedCodeImportsNoService = noClasses().that()
		.resideInAnyPackage(packages(SHARED))
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage(packages(SERVICES));

	@ArchTest
	static final ArchRule mainCodeImportsNoTestSupport = noClasses().that()
		.resideInAnyPackage(packages(SERVICES))
		.or()
		.resideInAnyPackage(packages(SHARED))
		.should()
		.dependOnClassesThat()
		.resideInAPackage("io.imagepipe.testsupport..");

	/**
	 * The rules above pass on nothing as well; this makes sure each module's classes were
	 * read.
	 */
	@ArchTest
	static void everyModuleIsRead(JavaClasses classes) {
		Set<String> read = classes.stream()
			.map(JavaClass::getPackageName)
			.map((name) -> name.split("\\."))
			.filter((parts) -> parts.length > 2)
			.map((parts) -> parts[2])
			.collect(Collectors.toSet());
		assertThat(read).contains("ingest", "serving", "worker", "imports", "contract", "web");
	}

	private static String[] packages(List<String> roots) {
		return roots.stream().map((root) -> "io.imagepipe." + root + "..").toArray(String[]::new);
	}

	/** One slice per service; the shared code is in none. */
	static final class Services implements SliceAssignment {

		@Override
		public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
			String name = javaClass.getPackageName();
			for (String service : SERVICES) {
				String root = "io.imagepipe." + service;
				if (name.equals(root) || name.startsWith(root + ".")) {
					return SliceIdentifier.of(service);
				}
			}
			return SliceIdentifier.ignore();
		}

		@Override
		public String getDescription() {
			return "the services " + SERVICES;
		}

	}

}
