package com.example.storagesvc.system;

import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Request errors as RFC 9457 {@code application/problem+json}. Spring MVC's own exceptions (404
 * for unknown paths, 400 for a non-numeric id, 405, 415…) and the features'
 * {@code ErrorResponseException}s come through {@link ResponseEntityExceptionHandler}; this class
 * names the offending fields in 400s. Data access failures: {@link DatabaseFailureAdvice}.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	/** A field that failed validation, as listed in a 400's {@code errors} property. */
	record InvalidField(String field, String message) {
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<InvalidField> errors = ex.getFieldErrors()
			.stream()
			.map(error -> new InvalidField(error.getField(), error.getDefaultMessage()))
			.sorted(Comparator.comparing(InvalidField::field).thenComparing(InvalidField::message))
			.toList();
		String fields = String.join(", ", errors.stream().map(InvalidField::field).distinct().toList());
		ProblemDetail problem = ex.getBody();
		problem.setDetail("Invalid fields: " + fields);
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, "Malformed JSON request body");
		if (ex.getCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
			String field = fieldPath(mismatch.getPath());
			problem.setDetail("Invalid fields: " + field);
			problem.setProperty("errors", List.of(new InvalidField(field, "has the wrong type or format")));
		}
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	private static String fieldPath(List<JsonMappingException.Reference> path) {
		return String.join(".", path.stream()
			.map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
			.toList());
	}

}
