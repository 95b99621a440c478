package com.example.booksvc;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BooksvcApplicationTest {

	@Test
	void startsAndReportsHealthy(@Autowired TestRestTemplate http) {
		assertThat(http.getForObject("/actuator/health", String.class)).contains("\"UP\"");
	}

}
