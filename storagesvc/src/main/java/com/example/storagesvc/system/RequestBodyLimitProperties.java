package com.example.storagesvc.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How much of a request body storagesvc reads.
 *
 * @param maxRequestBody a larger body is answered 413 and not read further
 */
@ConfigurationProperties("storagesvc")
record RequestBodyLimitProperties(@DefaultValue("64KB") DataSize maxRequestBody) {
}
