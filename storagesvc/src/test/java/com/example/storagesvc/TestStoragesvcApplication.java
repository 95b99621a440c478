package com.example.storagesvc;

import org.springframework.boot.SpringApplication;

/** Runs storagesvc locally against PostgreSQL in a container: run this class's main, nothing to install. */
public class TestStoragesvcApplication {

	public static void main(String[] args) {
		SpringApplication.from(StoragesvcApplication::main).with(PostgresContainerConfiguration.class).run(args);
	}

}
