package com.example.storagesvc.book;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;

@Entity
class Book {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private String title;

	private String author;

	private String isbn;

	private int publishedYear;

	private String description;

	protected Book() {
	}

	Book(String title, String author, String isbn, int publishedYear, String description) {
		this.title = title;
		this.author = author;
		this.isbn = isbn;
		this.publishedYear = publishedYear;
		this.description = description;
	}

	Long getId() {
		return id;
	}

	String getTitle() {
		return title;
	}

	String getAuthor() {
		return author;
	}

	String getIsbn() {
		return isbn;
	}

	int getPublishedYear() {
		return publishedYear;
	}

	String getDescription() {
		return description;
	}

}
