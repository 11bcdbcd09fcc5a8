package io.imagepipe.imports.legacy;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.imagepipe.imports.ImageImportApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code image-import jdbc}: imports the images of a legacy table's BLOB or URL columns.
 */
@Command(name = "jdbc", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
		description = "Imports the images of a legacy table: a query returns owner_type, owner_id and slot, and bytes (a BLOB column), url (a legacy URL column), or both; the bytes win when present. Relative URLs such as /static/images/42.jpg are read from --url-base, a site or a folder.",
		footer = { "%nExample, for the seed's users table, with a token with the service role:",
				"  export IMAGEPIPE_TOKEN=eyJ...",
				"  image-import jdbc --source-url jdbc:postgresql://old-db/app --source-user app \\",
				"    --query \"SELECT 'users' AS owner_type, id AS owner_id, 'profile' AS slot,",
				"             profile_photo_data AS bytes, profile_photo_url AS url FROM users\" \\",
				"    --url-base file:/srv/old-app" })
public final class JdbcCommand implements Callable<Integer> {

	@Option(names = "--source-url", required = true, description = "JDBC URL of the legacy database")
	private String sourceUrl;

	@Option(names = "--source-user", defaultValue = "${env:SOURCE_DATABASE_USER}",
			description = "its user (env SOURCE_DATABASE_USER)")
	private String sourceUser;

	@Option(names = "--source-password", defaultValue = "${env:SOURCE_DATABASE_PASSWORD}",
			description = "its password (env SOURCE_DATABASE_PASSWORD)")
	private String sourcePassword;

	@Option(names = "--query", required = true, description = "the query that lists the legacy images")
	private String query;

	@Option(names = "--url-base",
			description = "where relative legacy URLs are read from: https://old.example.com or file:/srv/old-app")
	private String urlBase;

	@Mixin
	private ImportOptions options;

	@Spec
	private CommandSpec spec;

	@Override
	public Integer call() throws Exception {
		this.options.validate(this.spec);
		PrintWriter out = this.spec.commandLine().getOut();
		LegacyUrls urls = new LegacyUrls(this.urlBase,
				HttpClient.newBuilder()
					.connectTimeout(Duration.ofSeconds(5))
					.followRedirects(HttpClient.Redirect.NORMAL)
					.build());
		try (Connection connection = DriverManager.getConnection(this.sourceUrl, this.sourceUser, this.sourcePassword);
				Journal journal = Journal.open(this.options.journal())) {
			JdbcSource source = new JdbcSource(connection, this.query, urls);
			long total = source.count();
			out.printf("Importing %d legacy row(s) from %s into %s%n", total, this.sourceUrl, this.options.ingestUrl());
			Importer importer = new Importer(this.options.client(), journal, this.options, out);
			ImportProgress.Counts counts = source.read((reason) -> out.println("  skipped " + reason),
					(images) -> importer.run(images, total));
			return (counts.failed() > 0) ? ImageImportApplication.SOME_FAILED : 0;
		}
	}

}
