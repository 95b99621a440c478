package com.example.storagesvc.system;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

class MigrationConfigurationTest {

	private final Flyway flyway = mock(Flyway.class);

	@Test
	void migratesAtStart() {
		new MigrationConfiguration().migrateAtStart(true).migrate(flyway);

		verify(flyway).migrate();
	}

	@Test
	void notWhenTurnedOffForTheImagesTrainingRun() {
		new MigrationConfiguration().migrateAtStart(false).migrate(flyway);

		verify(flyway, never()).migrate();
	}

}
