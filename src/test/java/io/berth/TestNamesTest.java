package io.berth;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Tests are named for what they are: a class that boots Spring is an integration test, run by
 * Failsafe ({@code *IT}), never by the fast unit suite ({@code *Test}).
 */
@AnalyzeClasses(packages = "io.berth", importOptions = ImportOption.OnlyIncludeTests.class)
class TestNamesTest {

  @ArchTest
  static final ArchRule springBootTestsAreIntegrationTests =
      classes()
          .that()
          .areMetaAnnotatedWith(SpringBootTest.class)
          .should()
          .haveSimpleNameEndingWith("IT")
          .because("Failsafe runs *IT against real engines and databases; Surefire runs *Test");
}
