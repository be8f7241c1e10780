/**
 * Classes that break each rule of {@code io.watchword.ArchitectureTest} on purpose, in a
 * miniature of Watchword's layout: the test runs its rules here too and expects every one of
 * them to report a violation, so a rule that could never fail is noticed. Test sources only:
 * never in the WAR, and no Arquillian deployment adds them (deployments add classes by name).
 */
package io.watchword.archfixture;
