package com.example.storagesvc.chaos;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;

/** A latency chaos may add: never negative, at most {@link #MAX_SECONDS}. */
@DurationMin(nanos = 0, message = "must not be negative")
@DurationMax(seconds = ChaosLatency.MAX_SECONDS, message = "must be at most " + ChaosLatency.MAX_SECONDS + "s")
@Constraint(validatedBy = {})
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@interface ChaosLatency {

	/**
	 * Far past booksvc's 1 s latency budget, so every slow-peer demo fits. Anything longer shows
	 * nothing new and only holds a request, its connection and graceful shutdown (30 s per phase)
	 * hostage: a typo such as {@code 1h} must not put storagesvc to sleep for an hour.
	 */
	long MAX_SECONDS = 10;

	/** Unused: each bound reports its own message. */
	String message() default "must be between 0 and " + MAX_SECONDS + "s";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
