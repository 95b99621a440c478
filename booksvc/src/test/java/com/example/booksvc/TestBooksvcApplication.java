package com.example.booksvc;

import org.springframework.boot.SpringApplication;

/**
 * Runs booksvc locally with Redis in a container; storagesvc is expected at
 * {@code storagesvc.base-url} (run it with {@code ./mvnw -pl storagesvc spring-boot:test-run}).
 */
public class TestBooksvcApplication {

	public static void main(String[] args) {
		SpringApplication.from(BooksvcApplication::main).with(RedisContainerConfiguration.class).run(args);
	}

}
