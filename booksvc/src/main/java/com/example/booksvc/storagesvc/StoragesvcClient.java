package com.example.booksvc.storagesvc;

import java.util.List;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;

/** storagesvc's books API, as a declarative HTTP interface (see {@link StoragesvcClientConfiguration}). */
@HttpExchange("/books")
interface StoragesvcClient {

	@GetExchange
	List<Book> books();

	@GetExchange("/{id}")
	Book book(@PathVariable long id);

}
