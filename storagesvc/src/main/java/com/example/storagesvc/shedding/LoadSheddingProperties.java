package com.example.storagesvc.shedding;

import java.time.Duration;

import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How many book requests storagesvc serves at once; the rest are answered 503 at once.
 *
 * @param maxConcurrentCalls book requests in flight at most
 * @param maxWaitDuration how long a request past that waits for one to finish before it is shed
 * @param retryAfter sent as {@code Retry-After} with the shed request's 503
 */
@ConfigurationProperties("storagesvc.load-shedding")
@Validated
record LoadSheddingProperties(@DefaultValue("20") @Positive int maxConcurrentCalls,
		@DefaultValue("0ms") @DurationMin(nanos = 0, message = "must not be negative") Duration maxWaitDuration,
		@DefaultValue("1s") @DurationMin(nanos = 0, message = "must not be negative") Duration retryAfter) {
}
