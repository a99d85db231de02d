package io.tracefleet.spec;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SecretLikeValueTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "AWS_ACCESS_KEY_ID, AKIAIOSFODNN7EXAMPLE, an AWS access key id",
            "AWS_SECRET_ACCESS_KEY, wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY, an AWS secret access key",
            "KEY, -----BEGIN RSA PRIVATE KEY-----MIIE, a private key",
            "GH, ghp_0123456789abcdefghijklmnopqrstuvwxyzAB, a GitHub token",
            "DATABASE_URL, postgres://app:hunter2@db:5432/app, a password in a URL"})
    void credentialShapesAreRecognised(String variable, String value, String kind) {
        assertThat(SecretLikeValue.of(variable, value)).contains(kind);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "API_CNAME, ${services.service-b.endpoint}",
            "TOKEN_URL, https://auth.example.com/oauth/token",
            "LOG_LEVEL, debug",
            "CHECKSUM, 0123456789abcdef0123456789abcdef01234567",
            "PATH_PREFIX, /api/v1/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q",
            "SECRET_NAME, my-app/prod/db"})
    void ordinaryValuesAreNot(String variable, String value) {
        assertThat(SecretLikeValue.of(variable, value)).isEmpty();
    }
}
