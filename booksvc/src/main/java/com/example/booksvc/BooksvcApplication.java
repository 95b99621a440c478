package com.example.booksvc;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
public class BooksvcApplication {

	public static void main(String[] args) {
		SpringApplication.run(BooksvcApplication.class, args);
	}

	/** Every time booksvc tells or compares (answers' ages, deadlines, the breaker's wait); tests set their own. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
