package com.example.booksvc.book;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.example.booksvc.cache.CacheProperties;
import com.example.booksvc.catalog.Answer;
import com.example.booksvc.edge.AnswerSharingProperties;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * What every 200 says about its answer: where it comes from ({@value #DATA_SOURCE}), how old a
 * cached one is ({@code Age}, RFC 9111), how long a client may reuse it ({@code Cache-Control}) and
 * a weak {@code ETag} of the books. Spring MVC answers a matching {@code If-None-Match} with 304 and
 * these headers.
 */
@Component
class AnswerHeaders {

	static final String DATA_SOURCE = "X-Data-Source";

	private final Clock clock;

	private final ObjectMapper json;

	private final CacheControl cacheControl;

	/**
	 * The last ETag of each kind of answer and what it was computed for: identical queries share one
	 * answer (answer reuse), so the same books are hashed once, not once per request.
	 */
	private final AtomicReference<Tagged> lastList = new AtomicReference<>(Tagged.NONE);

	private final AtomicReference<Tagged> lastBook = new AtomicReference<>(Tagged.NONE);

	private record Tagged(Object books, String etag) {

		static final Tagged NONE = new Tagged(null, null);

	}

	/**
	 * {@code max-age}: how long booksvc itself reuses an answer; {@code stale-if-error} (RFC 5861):
	 * how old an answer booksvc would still serve from its own cache.
	 */
	AnswerHeaders(Clock clock, ObjectMapper json, AnswerSharingProperties sharing, CacheProperties cache) {
		this.clock = clock;
		this.json = json;
		this.cacheControl = CacheControl.maxAge(sharing.answerReuse()).staleIfError(cache.maxStaleness());
	}

	ResponseEntity.BodyBuilder forList(Answer<?> answer) {
		return ok(answer, lastList);
	}

	ResponseEntity.BodyBuilder forBook(Answer<?> answer) {
		return ok(answer, lastBook);
	}

	private ResponseEntity.BodyBuilder ok(Answer<?> answer, AtomicReference<Tagged> last) {
		ResponseEntity.BodyBuilder response = ResponseEntity.ok()
			.header(DATA_SOURCE, answer.source().headerValue())
			.cacheControl(cacheControl)
			.eTag(etag(answer.value(), last));
		if (answer.source() == Answer.Source.CACHE) {
			response.header(HttpHeaders.AGE, String.valueOf(answer.age(clock).toSeconds()));
		}
		return response;
	}

	/**
	 * Weak (RFC 9110 8.8.1): it stands for the books alone, so a live answer and a cached one with the
	 * same books match, though their {@code source} and {@code fetchedAt} differ.
	 */
	private String etag(Object books, AtomicReference<Tagged> last) {
		Tagged tagged = last.get();
		if (tagged.books() == books) {
			return tagged.etag();
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(books));
			String etag = "W/\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 12)) + "\"";
			last.set(new Tagged(books, etag));
			return etag;
		}
		catch (JsonProcessingException | NoSuchAlgorithmException ex) {
			throw new IllegalStateException("cannot compute the ETag", ex);
		}
	}

}
