package com.example.storagesvc.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How storagesvc answers while its database is down.
 *
 * @param retryAfter sent as {@code Retry-After} with the 503, so that callers back off politely
 */
@ConfigurationProperties("storagesvc.database-unavailable")
record DatabaseUnavailableProperties(@DefaultValue("5s") Duration retryAfter) {
}
