package com.example.booksvc.edge;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long identical queries share an answer (see {@link BookQueries}); the values are in
 * application.yml.
 *
 * @param answerReuse an answer is served again for this long: a live one while the breaker is
 * closed, a cached one (or the 503 for "nothing cached") while it is not; 0 turns sharing off
 * @param notFoundReuse storagesvc's 404 for a book is served again for this long
 */
@ConfigurationProperties("booksvc")
public record AnswerSharingProperties(Duration answerReuse, Duration notFoundReuse) {
}
