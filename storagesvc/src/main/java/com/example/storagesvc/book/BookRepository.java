package com.example.storagesvc.book;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface BookRepository extends JpaRepository<Book, Long> {

	List<Book> findAllByOrderByIdAsc();

	List<Book> findByAuthorContainingIgnoreCaseOrderByIdAsc(String author);

	boolean existsByIsbn(String isbn);

}
