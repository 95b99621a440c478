# One image recipe for both services: docker build --build-arg SERVICE=storagesvc|booksvc .
# Works with the classic builder and BuildKit alike (no RUN --mount, no heredocs).

FROM eclipse-temurin:21-jdk AS build
# unzip, for the wrapper: it checks the SHA-256 of the .zip distribution (.mvn/wrapper), and without
# unzip it would fetch the .tar.gz instead, which that checksum rejects.
RUN apt-get update && apt-get install -y --no-install-recommends unzip && rm -rf /var/lib/apt/lists/*
WORKDIR /workspace

# The wrapper and the poms first: this layer, with every dependency and plugin, is rebuilt only
# when a pom changes, and it is the same for both services. Every module's pom, for Maven to read
# the build; the two services' dependencies only.
COPY mvnw ./
COPY .mvn .mvn
COPY pom.xml ./
COPY storagesvc/pom.xml storagesvc/
COPY booksvc/pom.xml booksvc/
COPY e2e/pom.xml e2e/
COPY deploy/pom.xml deploy/
RUN ./mvnw -B -q dependency:go-offline -pl storagesvc,booksvc

COPY storagesvc/src storagesvc/src
COPY booksvc/src booksvc/src
ARG SERVICE
RUN test -n "$SERVICE" || { echo "build with --build-arg SERVICE=storagesvc|booksvc" >&2; exit 1; }; \
    ./mvnw -B -q package -pl "$SERVICE" -am -Dmaven.test.skip=true \
    && cp "$SERVICE"/target/"$SERVICE"-*.jar application.jar \
    && java -Djarmode=tools -jar application.jar extract --layers --destination extracted

FROM eclipse-temurin:25-jre
# A fixed numeric user: a kubelet with runAsNonRoot refuses an image whose USER is a name (it cannot
# tell that the name is not root), and the manifests (deploy/kubernetes) name this UID.
RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home app
WORKDIR /app
# Spring Boot's layers, least often changed first, so that a code change ships one small layer.
COPY --from=build /workspace/extracted/dependencies/ ./
COPY --from=build /workspace/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/extracted/application/ ./
# Java 25 to run (the bytecode stays 21): its AOT cache (JEP 483/514) holds the classes a start
# loads, linked, made by a training run here (the context is refreshed, then the JVM exits:
# spring.context.exit=onRefresh). The training run has no database, so it skips what would connect
# (Flyway's migration, Hibernate's schema check and metadata). The same flags in both, so that the
# cache fits:
# - C1 only (-XX:TieredStopAtLevel=1). A start is CPU-bound, and on 2 vCPUs C2 took most of it: in
#   a compose start C2 compiled for 7.8 s of booksvc's CPU, its main thread ran 2.7 s. The price is
#   peak throughput, ~27 % of booksvc's at most (docs/stack.md, "Start-up"); remove the flag for it.
# - Serial GC, what the JVM picks itself under the 512 MB limit.
# - Spring AOT (each module's pom runs process-aot): the bean definitions worked out at build time.
RUN java -Dspring.aot.enabled=true -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:AOTCacheOutput=application.aot -Dspring.context.exit=onRefresh -jar application.jar \
      --storagesvc.migrate-at-start=false --spring.jpa.hibernate.ddl-auto=none \
      --spring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access=false \
      --spring.jpa.database-platform=org.hibernate.dialect.PostgreSQLDialect \
      --logging.level.root=warn
# The JVM keeps a name's address 30 s, and a failed lookup 10 s: a database that comes back on
# another address (a container recreated, a managed database's failover) stayed unreachable for
# that long after it answered again. Security properties, which the system properties cannot
# override: each address at most 5 s, a failed lookup 1 s.
RUN printf 'networkaddress.cache.ttl=5\nnetworkaddress.cache.negative.ttl=1\n' > /app/dns.security
USER 10001:10001
# The JVM sizes itself from the container's memory limit: heap at 40 % of it, because the rest
# needs up to ~235 MB in storagesvc under load (native memory tracking: metaspace, code cache,
# symbols, compiler ~180 MB; malloc arenas ~55 MB more). At 75 % it outgrew its 512 MB and was
# OOM-killed; at 50 % it peaked at 490 MB. A clean exit (for the restart policy to act on) rather
# than a half-dead JVM after an OutOfMemoryError.
ENTRYPOINT ["java", "-Djava.security.properties=/app/dns.security", "-Dspring.aot.enabled=true", "-XX:AOTCache=application.aot", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=40", \
            "-XX:+ExitOnOutOfMemoryError", "-jar", "application.jar"]
