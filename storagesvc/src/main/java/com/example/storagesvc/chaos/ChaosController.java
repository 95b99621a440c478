package com.example.storagesvc.chaos;

import jakarta.validation.Valid;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Changes the chaos at run time. Answers only with {@code storagesvc.chaos.endpoint-enabled=true}
 * (demo only); otherwise a filter answers for it as for a path that does not exist
 * ({@link ChaosConfiguration#chaosEndpointOff}).
 */
@RestController
@RequestMapping("/chaos")
class ChaosController {

	private final Chaos chaos;

	ChaosController(Chaos chaos) {
		this.chaos = chaos;
	}

	@GetMapping
	ChaosSettings settings() {
		return chaos.settings();
	}

	@PutMapping
	ChaosSettings change(@Valid @RequestBody ChaosSettings settings) {
		chaos.change(settings);
		return settings;
	}

}
