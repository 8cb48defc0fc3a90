package io.berth;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/** The package boundaries of DESIGN.md, checked on every build, with no exceptions. */
@AnalyzeClasses(packages = "io.berth", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  /**
   * A record is made one way, by its canonical constructor: a short form that reads better at many
   * call sites is a named factory, defaults for tests a test builder (no constructors kept only so
   * old call sites compile).
   */
  @ArchTest
  static final ArchRule recordsHaveOnlyTheirCanonicalConstructor =
      classes()
          .that(
              DescribedPredicate.describe(
                  "are records",
                  c -> c.getRawSuperclass().map(s -> s.isEquivalentTo(Record.class)).orElse(false)))
          .should(
              new ArchCondition<>("have one constructor") {
                @Override
                public void check(JavaClass record, ConditionEvents events) {
                  int constructors = record.getConstructors().size();
                  events.add(
                      new SimpleConditionEvent(
                          record,
                          constructors == 1,
                          record.getName() + " has " + constructors + " constructors"));
                }
              });

  /** Arrows point down only: no two top-level packages use each other, however indirectly. */
  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("io.berth.(*)..").should().beFreeOfCycles();

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
              "org.springframework.jdbc..");

  /** The runtime and its adapters use only the runtime, the site's config and engine libraries. */
  @ArchTest
  static final ArchRule runtimeKnowsNoFeature =
      noClasses()
          .that()
          .resideInAPackage("io.berth.runtime..")
          .should()
          .dependOnClassesThat(
              resideInAPackage("io.berth..")
                  .and(not(resideInAnyPackage("io.berth.runtime..", "io.berth.config.."))))
          .orShould()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.springframework.web..", "org.springframework.jdbc..", "jakarta.servlet..");

  /** Features reach an engine only through the runtime's ports; only wiring picks an adapter. */
  @ArchTest
  static final ArchRule featuresKnowNoAdapter =
      noClasses()
          .that()
          .resideOutsideOfPackages("io.berth.runtime..", "io.berth.config..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.berth.runtime.docker..",
              "io.berth.runtime.kubernetes..",
              "com.github.dockerjava..",
              "io.fabric8..");

  @ArchTest
  static final ArchRule adaptersKnowNoOtherAdapter =
      noClasses()
          .that()
          .resideInAPackage("io.berth.runtime.docker..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.berth.runtime.kubernetes..")
          .orShould()
          .dependOnClassesThat()
          .resideInAPackage("io.fabric8..");

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

  /**
   * Spring makes a feature's beans, each given only what it uses: no class builds a bean of its own
   * package by hand (passing the bean's dependencies through its own constructor).
   */
  @ArchTest
  static final ArchRule beansAreMadeBySpring =
      noClasses()
          .that()
          .areNotMetaAnnotatedWith(Configuration.class)
          .should()
          .callConstructorWhere(
              DescribedPredicate.describe(
                  "the constructor of another bean of its package",
                  call ->
                      call.getTargetOwner().isMetaAnnotatedWith(Component.class)
                          && !call.getTargetOwner().equals(call.getOriginOwner())
                          && call.getTargetOwner()
                              .getPackageName()
                              .equals(call.getOriginOwner().getPackageName())))
          .because("constructor injection only");
}
