package com.example.storagesvc;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class StoragesvcApplication {

	public static void main(String[] args) {
		SpringApplication.run(StoragesvcApplication.class, args);
	}

}
