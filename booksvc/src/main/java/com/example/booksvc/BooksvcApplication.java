package com.example.booksvc;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class BooksvcApplication {

	public static void main(String[] args) {
		SpringApplication.run(BooksvcApplication.class, args);
	}

}
