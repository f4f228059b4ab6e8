package dev.tap.optimizer.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout docs/architecture.md describes, enforced. Each rule is a function of the root package
 * so that it is also checked against a fixture of deliberately wrong imports
 * ({@code dev.tap.optimizer.architecture.fixture}), where it must fail: a rule that cannot fail
 * proves nothing.
 */
class ArchitectureTest {
  static final String ROOT = "dev.tap.optimizer";
  static final String FIXTURE = "dev.tap.optimizer.architecture.fixture";

  static JavaClasses production;
  static JavaClasses fixture;

  @BeforeAll
  static void importClasses() {
    production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
    fixture = new ClassFileImporter().importPackages(FIXTURE);
  }

  /** Every package is its own slice: no two packages depend on each other, directly or through others. */
  static ArchRule noPackageCycles(String root) {
    return slices().matching(root + ".(**)").should().beFreeOfCycles();
  }

  /** AWS SDK types only in the AWS adapter package. */
  static ArchRule awsSdkOnlyInAwsAdapters(String root) {
    return noClasses().that().resideOutsideOfPackage(root + ".aws..").should().dependOnClassesThat().resideInAPackage("software.amazon.awssdk..");
  }

  /** picocli only in cli: commands and mixins live there. */
  static ArchRule picocliOnlyInCli(String root) {
    return noClasses().that().resideOutsideOfPackage(root + ".cli..").should().dependOnClassesThat().resideInAPackage("picocli..");
  }

  /** Families are domain code: no adapter, command, report, journal store or registry. */
  static ArchRule familiesImportNoAdapters(String root) {
    return noClasses().that().resideInAPackage(root + ".family..").should().dependOnClassesThat()
        .resideInAnyPackage(root + ".aws..", root + ".sim..", root + ".cli..", root + ".report..", root + ".journal..", root + ".registry..");
  }

  /**
   * The engine and the reports know the family interface and the registry, never a concrete
   * family. The ML notebook ({@code report.ml}) renders the ML platform's own run and is the one
   * report allowed to read it.
   */
  static ArchRule engineImportsNoConcreteFamily(String root) {
    return noClasses().that().resideInAnyPackage(root + ".model..", root + ".inventory..", root + ".metrics..", root + ".rules..", root + ".plan..", root + ".backtest..",
            root + ".slo..", root + ".exec..", root + ".policy..", root + ".pricing..", root + ".snapshot..", root + ".journal..", root + ".report..")
        .and().resideOutsideOfPackage(root + ".report.ml..")
        .should().dependOnClassesThat().resideInAPackage(root + ".family.*..");
  }

  static final Map<String, Function<String, ArchRule>> RULES = Map.of(
      "no package cycles", ArchitectureTest::noPackageCycles,
      "AWS SDK only in aws", ArchitectureTest::awsSdkOnlyInAwsAdapters,
      "picocli only in cli", ArchitectureTest::picocliOnlyInCli,
      "families import no adapter", ArchitectureTest::familiesImportNoAdapters,
      "engine imports no concrete family", ArchitectureTest::engineImportsNoConcreteFamily);

  /** The violations of one rule on {@code classes}, empty when it holds. */
  static String violations(ArchRule rule, JavaClasses classes) {
    try {
      rule.check(classes);
      return "";
    } catch (AssertionError e) {
      return e.getMessage();
    }
  }

  @Test
  void theOptimizerKeepsEveryRule() {
    SoftAssertions soft = new SoftAssertions();
    RULES.forEach((name, rule) -> soft.assertThat(violations(rule.apply(ROOT), production)).as(name).isEmpty());
    soft.assertAll();
  }

  @Test
  void everyRuleFailsOnTheFixturesWrongImportsWhereItSaysItDoes() {
    // each rule must fail on the fixture, naming the class (or packages) that break it
    Map<String, List<String>> expected = Map.of(
        "no package cycles", List.of("fixture.plan", "fixture.rules"),
        "AWS SDK only in aws", List.of("fixture.plan.PlannerCallingAws"),
        "picocli only in cli", List.of("fixture.report.ReportWithACommand"),
        "families import no adapter", List.of("fixture.family.aurora.AuroraUsingTheSimulator"),
        "engine imports no concrete family", List.of("fixture.plan.PlannerNamingAurora"));
    SoftAssertions soft = new SoftAssertions();
    RULES.forEach((name, rule) -> {
      String found = violations(rule.apply(FIXTURE), fixture);
      soft.assertThat(found).as(name).isNotEmpty();
      expected.get(name).forEach(cls -> soft.assertThat(found).as(name).contains(cls));
    });
    soft.assertAll();
  }
}
