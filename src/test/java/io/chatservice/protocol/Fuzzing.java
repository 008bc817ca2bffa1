package io.chatservice.protocol;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Marks a Jazzer fuzz test class: it runs only in a fuzzing run ({@code JAZZER_FUZZ=1}, which the {@code fuzz}
 * profile sets). Other builds skip it before Jazzer attaches its agent, which takes many seconds and is not meant to
 * share a JVM with the Quarkus tests; they replay the same targets' corpus in {@link FuzzCorpusTest} instead.
 * Jazzer fuzzes one test per JVM, so each class holds one {@code @FuzzTest}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@EnabledIf("io.chatservice.protocol.FuzzTargets#fuzzing")
@interface Fuzzing {

    /** How long each fuzz test searches in a fuzzing run: three of them make the five-minute run. */
    String DURATION = "90s";
}
