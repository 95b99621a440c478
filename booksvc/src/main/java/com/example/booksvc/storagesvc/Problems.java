package com.example.booksvc.storagesvc;

import org.springframework.http.ProblemDetail;

final class Problems {

	private Problems() {
	}

	/**
	 * Everything of a problem but its {@code instance}, which names the request it answered: a copy
	 * answers another request.
	 */
	static ProblemDetail copyOf(ProblemDetail original) {
		ProblemDetail copy = ProblemDetail.forStatus(original.getStatus());
		copy.setType(original.getType());
		copy.setTitle(original.getTitle());
		copy.setDetail(original.getDetail());
		if (original.getProperties() != null) {
			original.getProperties().forEach(copy::setProperty);
		}
		return copy;
	}

}
