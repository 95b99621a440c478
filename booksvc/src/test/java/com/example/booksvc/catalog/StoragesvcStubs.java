package com.example.booksvc.catalog;

/** storagesvc's answers, as WireMock serves them in the tests. */
final class StoragesvcStubs {

	static final String BOOKS_JSON = """
			[{"id":1,"title":"Pride and Prejudice","author":"Jane Austen","isbn":"9780141439518","publishedYear":1813,"description":"Elizabeth Bennet spars with Mr Darcy."},
			 {"id":2,"title":"Emma","author":"Jane Austen","isbn":"9780141439587","publishedYear":1815,"description":"A matchmaker learns."}]""";

	static final String OTHER_BOOKS_JSON = """
			[{"id":3,"title":"Dracula","author":"Bram Stoker","isbn":"9780141439846","publishedYear":1897,"description":"A count travels."}]""";

	/** One book as storagesvc answers {@code GET /books/{id}}, with the id asked for. */
	static String bookJson(long id) {
		return """
				{"id":%d,"title":"Emma","author":"Jane Austen","isbn":"9780141439587","publishedYear":1815,"description":"A matchmaker."}"""
			.formatted(id);
	}

	private StoragesvcStubs() {
	}

}
