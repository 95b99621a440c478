package com.example.storagesvc.book;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;

/**
 * Text without NUL (U+0000). PostgreSQL cannot store that character in a text column and refuses
 * the whole statement, so it is bad input to be named here rather than a database error later.
 */
@Pattern(regexp = "[^\\x00]*")
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@interface NoNulCharacters {

	String message() default "must not contain NUL characters";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
