package com.example.testsupport;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.atlassian.oai.validator.schema.SwaggerV20Library;
import com.github.fge.jackson.NodeType;
import com.github.fge.jsonschema.cfg.ValidationConfiguration;
import com.github.fge.jsonschema.core.exceptions.ProcessingException;
import com.github.fge.jsonschema.core.report.ListReportProvider;
import com.github.fge.jsonschema.core.report.LogLevel;
import com.github.fge.jsonschema.core.report.ProcessingReport;
import com.github.fge.jsonschema.format.AbstractFormatAttribute;
import com.github.fge.jsonschema.library.Library;
import com.github.fge.jsonschema.main.JsonSchemaFactory;
import com.github.fge.jsonschema.processors.data.FullData;
import com.github.fge.msgsimple.bundle.MessageBundle;
import com.github.fge.msgsimple.load.MessageBundles;

/**
 * The Atlassian validator's JSON schema library with {@code format} held at least as strictly as
 * Stoplight Prism (ajv-formats) holds it. Its own {@code uri} is {@code java.net.URI}'s parse, which
 * takes a relative reference such as {@code /books/5} for a URI, and it knows no
 * {@code uri-reference} (an unknown format is a warning, dropped, so nothing is checked); its
 * {@code email} takes a display name ({@code Reader <reader@example.org>}). Those three are
 * replaced; {@code date-time}, {@code date}, {@code int32} and {@code int64} are already as strict.
 */
final class StrictFormats {

	private StrictFormats() {
	}

	/** A new factory each time: the library's discriminator keeps state between validations. */
	static JsonSchemaFactory schemaFactory() {
		return JsonSchemaFactory.newBuilder()
			.setValidationConfiguration(ValidationConfiguration.newBuilder()
				.setDefaultLibrary(SwaggerV20Library.OAI_V2_METASCHEMA_URI, library())
				.setSyntaxMessages(MessageBundles.getBundle(SwaggerV20Library.SyntaxBundle.class))
				.setValidationMessages(MessageBundles.getBundle(SwaggerV20Library.ValidationBundle.class))
				.freeze())
			.setReportProvider(new ListReportProvider(LogLevel.ERROR, LogLevel.FATAL))
			.freeze();
	}

	/** The formats the check asserts; any other is not checked at all. */
	static Set<String> asserted() {
		return library().getFormatAttributes().entries().keySet();
	}

	private static Library library() {
		return SwaggerV20Library.get()
			.thaw()
			.addFormatAttribute("uri", new UriReference("uri", true))
			.addFormatAttribute("uri-reference", new UriReference("uri-reference", false))
			.addFormatAttribute("email", new Email())
			.freeze();
	}

	/** RFC 3986, and for {@code uri} a scheme (absolute); {@code uri-reference} may be relative. */
	private static final class UriReference extends AbstractFormatAttribute {

		private final boolean absolute;

		UriReference(String name, boolean absolute) {
			super(name, NodeType.STRING);
			this.absolute = absolute;
		}

		@Override
		public void validate(ProcessingReport report, MessageBundle bundle, FullData data) throws ProcessingException {
			String value = data.getInstance().getNode().textValue();
			try {
				URI uri = new URI(value);
				if (!rfc3986(uri, value)) {
					throw new URISyntaxException(value, "not RFC 3986");
				}
				if (absolute && !uri.isAbsolute()) {
					report.error(newMsg(data, bundle, "err.format.invalidURI").putArgument("value", value)
						.setMessage("string \"" + value + "\" is a relative reference, not an absolute URI"));
				}
			}
			catch (URISyntaxException ex) {
				report.error(newMsg(data, bundle, "err.format.invalidURI").putArgument("value", value));
			}
		}

		/**
		 * Whether what RFC 2396 ({@code java.net.URI}) took is RFC 3986 too: ASCII only, an authority
		 * that is a host and a port, brackets only around an IPv6 host and no zone in it
		 * ({@code [::1%1]}); and not {@code urn:?x} (a query where an opaque path begins), which
		 * ajv-formats refuses.
		 */
		private static boolean rfc3986(URI uri, String value) throws URISyntaxException {
			if (uri.getRawAuthority() != null) {
				uri.parseServerAuthority();
			}
			String path = uri.isOpaque() ? uri.getRawSchemeSpecificPart() : uri.getRawPath();
			return value.chars().allMatch(c -> c < 0x80)
					&& Stream.of(path, uri.getRawQuery(), uri.getRawFragment())
						.noneMatch(part -> part != null && (part.contains("[") || part.contains("]")))
					&& (uri.getHost() == null || !uri.getHost().contains("%"))
					&& !(uri.isOpaque() && path.startsWith("?"));
		}

	}

	/**
	 * An address alone: a dot-atom local part, {@code @}, a domain of two labels or more (as
	 * ajv-formats; no quoted local part, no address literal).
	 */
	private static final class Email extends AbstractFormatAttribute {

		private static final String ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";

		private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";

		private static final Pattern ADDRESS = Pattern
			.compile(ATOM + "(?:\\." + ATOM + ")*@" + LABEL + "(?:\\." + LABEL + ")+");

		Email() {
			super("email", NodeType.STRING);
		}

		@Override
		public void validate(ProcessingReport report, MessageBundle bundle, FullData data) throws ProcessingException {
			String value = data.getInstance().getNode().textValue();
			if (!ADDRESS.matcher(value).matches()) {
				report.error(newMsg(data, bundle, "err.format.invalidEmail").putArgument("value", value));
			}
		}

	}

}
