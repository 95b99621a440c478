package com.example.storagesvc.chaos;

import java.io.IOException;
import java.time.Duration;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;

import org.springframework.boot.convert.DurationStyle;

/** Durations in the chaos API as in application.yml: "400ms", "2s" (ISO-8601 "PT0.4S" works too). */
final class ReadableDuration {

	private ReadableDuration() {
	}

	static final class Reader extends StdScalarDeserializer<Duration> {

		Reader() {
			super(Duration.class);
		}

		@Override
		public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
			String text = parser.getValueAsString();
			try {
				return DurationStyle.detectAndParse(text);
			}
			catch (IllegalArgumentException ex) {
				return (Duration) context.handleWeirdStringValue(Duration.class, text, "not a duration such as 400ms or 2s");
			}
		}

	}

	static final class Writer extends StdScalarSerializer<Duration> {

		Writer() {
			super(Duration.class);
		}

		@Override
		public void serialize(Duration value, JsonGenerator generator, SerializerProvider provider) throws IOException {
			generator.writeString(DurationStyle.SIMPLE.print(value));
		}

	}

}
