package com.example.storagesvc.system;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Request errors as RFC 9457 {@code application/problem+json}. Spring MVC's own exceptions (404
 * for unknown paths, 400 for a non-numeric id, 405, 415…) and the features'
 * {@code ErrorResponseException}s come through {@link ResponseEntityExceptionHandler}; this class
 * names the offending fields and parameters in 400s, and answers 413 for an oversized body.
 * Data access failures: {@link DatabaseFailureAdvice}.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	/** A field or parameter that failed validation, as listed in a 400's {@code errors} property. */
	record InvalidField(String field, String message) {
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Stream<InvalidField> errors = ex.getFieldErrors()
			.stream()
			.map(error -> new InvalidField(error.getField(), error.getDefaultMessage()));
		return handleExceptionInternal(ex, invalid(ex.getBody(), "fields", errors), headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Stream<InvalidField> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap(result -> result.getResolvableErrors()
				.stream()
				.map(error -> new InvalidField(error instanceof FieldError field ? field.getField() : name(result),
						error.getDefaultMessage())));
		return handleExceptionInternal(ex, invalid(ex.getBody(), "parameters", errors), headers, status, request);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (ex.getMostSpecificCause() instanceof RequestBodyTooLargeException tooLarge) {
			return handleExceptionInternal(ex, tooLarge.getBody(), headers, tooLarge.getStatusCode(), request);
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, "Malformed JSON request body");
		if (ex.getCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
			String field = fieldPath(mismatch.getPath());
			problem.setDetail("Invalid fields: " + field);
			problem.setProperty("errors", List.of(new InvalidField(field, "has the wrong type or format")));
		}
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	/** Refused by {@link RequestBodyLimitFilter} before the body reached Spring MVC. */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> requestBodyTooLarge(RequestBodyTooLargeException ex) {
		return ResponseEntity.of(ex.getBody()).build();
	}

	private static ProblemDetail invalid(ProblemDetail problem, String what, Stream<InvalidField> invalid) {
		List<InvalidField> errors = invalid
			.sorted(Comparator.comparing(InvalidField::field).thenComparing(InvalidField::message))
			.toList();
		problem.setDetail("Invalid " + what + ": "
				+ String.join(", ", errors.stream().map(InvalidField::field).distinct().toList()));
		problem.setProperty("errors", errors);
		return problem;
	}

	/** The name the client used: a {@code @RequestParam}'s own name if it has one. */
	private static String name(ParameterValidationResult result) {
		MethodParameter parameter = result.getMethodParameter();
		RequestParam requestParam = parameter.getParameterAnnotation(RequestParam.class);
		return requestParam != null && !requestParam.name().isEmpty() ? requestParam.name()
				: parameter.getParameterName();
	}

	private static String fieldPath(List<JsonMappingException.Reference> path) {
		return String.join(".", path.stream()
			.map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
			.toList());
	}

}
