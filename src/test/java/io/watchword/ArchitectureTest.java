package io.watchword;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which package may use which (issue 19, "one room per job"): platform serves every feature
 * and uses none; the features a journey runs do not reach back into journey; inside a
 * feature, boundary → control → entity; and the features do not form cycles.
 *
 * <p>Each rule is written once, for a root package, and runs twice: on Watchword's own
 * classes, where it must hold, and on {@code io.watchword.archfixture}, a miniature whose
 * classes break every rule on purpose, where it must report the breaking class. So a rule
 * that a typo made vacuous fails here rather than passing forever.
 */
class ArchitectureTest {

    static final String ROOT = "io.watchword";
    static final String FIXTURES = "io.watchword.archfixture";

    /** The application's classes: src/main only (the fixtures and test helpers are not the product). */
    static final JavaClasses WATCHWORD = new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages(ROOT);

    static final JavaClasses FIXTURE_CLASSES = new ClassFileImporter().importPackages(FIXTURES);

    /** A rule over the packages under {@code root}, and the class of the fixtures that breaks it. */
    record Rule(String name, Function<String, ArchRule> under, String brokenInFixturesBy) {
        @Override
        public String toString() {
            return name;
        }
    }

    static ArchRule platformUsesNoFeature(String root) {
        return noClasses().that().resideInAPackage(root + ".platform..")
                .should().dependOnClassesThat(resideInAPackage(root + "..")
                        .and(not(resideInAPackage(root + ".platform.."))))
                .because("every feature uses platform, so a feature in platform would tie them all to it");
    }

    static ArchRule featuresAJourneyRunsDoNotUseJourney(String root) {
        return noClasses().that().resideInAnyPackage(root + ".otp..", root + ".channel..", root + ".token..",
                        root + ".push..", root + ".connection..")
                .should().dependOnClassesThat().resideInAPackage(root + ".journey..")
                .because("journey calls these features to run its steps; they answer it, they do not call it");
    }

    static ArchRule entitiesUseNoControlOrBoundary(String root) {
        return noClasses().that().resideInAPackage(root + "..entity..")
                .should().dependOnClassesThat().resideInAnyPackage(root + "..control..", root + "..boundary..")
                .because("an entity guards its own state and knows nothing of who uses it");
    }

    static ArchRule controlsUseNoBoundary(String root) {
        return noClasses().that().resideInAPackage(root + "..control..")
                .should().dependOnClassesThat().resideInAPackage(root + "..boundary..")
                .because("a boundary maps HTTP to a control call; the logic must not depend on that mapping");
    }

    static ArchRule featuresAreFreeOfCycles(String root) {
        return slices().matching(root + ".(*)..").namingSlices("$1")
                .should().beFreeOfCycles()
                .because("a cycle makes two features one: neither can be read, tested or changed alone");
    }

    static Stream<Rule> rules() {
        return Stream.of(
                new Rule("platform depends on no other package", ArchitectureTest::platformUsesNoFeature,
                        FIXTURES + ".platform.UsesAFeature"),
                new Rule("otp, channel, token, push and connection do not depend on journey",
                        ArchitectureTest::featuresAJourneyRunsDoNotUseJourney, FIXTURES + ".token.ReadsAFlow"),
                new Rule("an entity depends on no control or boundary", ArchitectureTest::entitiesUseNoControlOrBoundary,
                        FIXTURES + ".journey.entity.Flow"),
                new Rule("a control depends on no boundary", ArchitectureTest::controlsUseNoBoundary,
                        FIXTURES + ".journey.control.Engine"),
                new Rule("the features are free of cycles", ArchitectureTest::featuresAreFreeOfCycles,
                        FIXTURES + ".token.ReadsAFlow"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void watchwordKeepsTheRule(Rule rule) {
        rule.under().apply(ROOT).check(WATCHWORD);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void theRuleCatchesTheFixtureThatBreaksIt(Rule rule) {
        EvaluationResult result = rule.under().apply(FIXTURES).evaluate(FIXTURE_CLASSES);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains(rule.brokenInFixturesBy());
    }
}
