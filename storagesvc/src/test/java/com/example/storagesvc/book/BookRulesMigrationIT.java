package com.example.storagesvc.book;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.PostgreSQLContainer;

import com.example.storagesvc.PostgresContainerConfiguration;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * V3 adds the API's rules to a table that may already hold rows breaking them: it repairs and
 * deletes nothing, it fails naming each such row and its rule, and leaves the database as it was,
 * so that once the rows are fixed it runs. Flyway alone, on a database of its own.
 */
class BookRulesMigrationIT {

	private static final PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>(
			PostgresContainerConfiguration.POSTGRES_IMAGE);

	@BeforeAll
	static void startDatabase() {
		postgres.start();
	}

	@AfterAll
	static void stopDatabase() {
		postgres.stop();
	}

	@Test
	void rowsBreakingTheRulesStopTheMigrationByNameAndChangeNothing() {
		DriverManagerDataSource database = new DriverManagerDataSource(postgres.getJdbcUrl(), postgres.getUsername(),
				postgres.getPassword());
		JdbcTemplate jdbc = new JdbcTemplate(database);
		flyway(database).target("2").load().migrate();
		jdbc.update("""
				INSERT INTO book (id, title, author, isbn, published_year) VALUES
				    (101, '', 'H. G. Wells', '9780141439976', 1895),
				    (102, 'Kipps', ' ', '978-014143997', 1905),
				    (103, 'Tono-Bungay', 'H. G. Wells', '9780141441078', 9999),
				    (0, 'Ann Veronica', 'H. G. Wells', '9780141441085', 1909)""");

		assertThatExceptionOfType(FlywayException.class).isThrownBy(() -> flyway(database).load().migrate())
			.withMessageContaining("id 0 (id not above 0), id 101 (title blank), id 102 (author blank, isbn not 10 or 13 digits), "
					+ "id 103 (published_year in the future)")
			.withMessageContaining("Fix or delete these rows");
		assertThat(jdbc.queryForObject("SELECT max(version) FROM flyway_schema_history", String.class)).isEqualTo("2");
		assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_constraint WHERE contype = 'c' AND conrelid = 'book'::regclass",
				Integer.class)).isZero();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM book", Integer.class)).isEqualTo(26);

		// fixed by a person, the same migration runs
		jdbc.update("UPDATE book SET title = 'The Time Machine' WHERE id = 101");
		jdbc.update("UPDATE book SET author = 'H. G. Wells', isbn = '9780141441009' WHERE id = 102");
		jdbc.update("UPDATE book SET published_year = 1909 WHERE id = 103");
		jdbc.update("UPDATE book SET id = 104 WHERE id = 0");
		assertThat(flyway(database).load().migrate().migrationsExecuted).isOne();
		assertThat(jdbc.queryForObject("SELECT count(*) FROM pg_constraint WHERE contype = 'c' AND conrelid = 'book'::regclass",
				Integer.class)).isEqualTo(5);
	}

	private static FluentConfiguration flyway(DriverManagerDataSource database) {
		return Flyway.configure().dataSource(database).locations("classpath:db/migration");
	}

}
