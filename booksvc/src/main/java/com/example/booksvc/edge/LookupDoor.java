package com.example.booksvc.edge;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a handler method: every request Spring MVC dispatches to it passes booksvc's lookup door
 * ({@link LookupShedding}). The handler the dispatcher chose is what the door asks about, never
 * the path as written, so no spelling of a path (percent-encoded, with {@code ;} parameters) maps
 * to the method without passing the door.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface LookupDoor {

}
