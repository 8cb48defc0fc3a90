package io.berth;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package boundaries of DESIGN.md, checked on every build. */
@AnalyzeClasses(packages = "io.berth", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule runtimePortKnowsNoEngineHttpOrDatabase =
      noClasses()
          .that()
          .resideInAPackage("io.berth.runtime")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "com.github.dockerjava..",
              "io.fabric8..",
              "org.springframework.web..",
              "org.springframework.jdbc..",
              "io.berth.pods..",
              "io.berth.auth..");

  @ArchTest
  static final ArchRule featuresKnowNoEngine =
      noClasses()
          .that()
          .resideInAnyPackage(
              "io.berth.pods..", "io.berth.templates..", "io.berth.auth..", "io.berth.proxy..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "com.github.dockerjava..", "io.fabric8..", "io.berth.runtime.docker..");

  @ArchTest
  static final ArchRule webIsCrossCuttingOnly =
      noClasses()
          .that()
          .resideInAPackage("io.berth.web..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.berth.pods..", "io.berth.runtime..", "io.berth.proxy..");

  @ArchTest
  static final ArchRule noFieldInjection =
      noClasses()
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName("org.springframework.beans.factory.annotation.Autowired")
          .because("constructor injection only");
}
