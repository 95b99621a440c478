package com.example.booksvc.storagesvc;

import java.io.IOException;
import java.util.function.Supplier;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;

/**
 * The HTTP exchange one attempt has in flight, so that another thread (the time limiter's, the
 * answer's deadline) can abort it. Attempts run on platform threads, where an interrupt does not
 * end a blocking socket read; cancelling the request the way HttpClient provides does: the
 * connection is closed, the read fails at once, and the pool discards the connection instead of
 * leaving it to an attempt nobody waits for.
 */
final class Exchange {

	private static final ThreadLocal<Exchange> CURRENT = new ThreadLocal<>();

	private Cancellable request;

	private boolean aborted;

	/** Runs {@code attempt} on this thread with this exchange as the one {@link #abort()} ends. */
	<T> T run(Supplier<T> attempt) {
		CURRENT.set(this);
		try {
			return attempt.get();
		}
		finally {
			CURRENT.remove();
		}
	}

	/** Ends the exchange now, or as soon as it starts if it has not yet. */
	synchronized void abort() {
		aborted = true;
		if (request != null) {
			request.cancel();
		}
	}

	private synchronized void started(Cancellable request) {
		this.request = request;
		if (aborted) {
			request.cancel();
		}
	}

	/** First in HttpClient's chain: tells the attempt's exchange which request to cancel. */
	static ExecChainHandler tracker() {
		return Exchange::track;
	}

	private static ClassicHttpResponse track(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
			throws IOException, HttpException {
		Exchange exchange = CURRENT.get();
		if (exchange != null && scope.originalRequest instanceof Cancellable cancellable) {
			exchange.started(cancellable);
		}
		return chain.proceed(request, scope);
	}

}
