plugins {
    kotlin("jvm") version "2.0.0"
    application
}

repositories {
    mavenCentral()
    maven {
        url = uri("https://acme.jfrog.io/artifactory/libs-release")
        credentials {
            username = "ci-reader"
            password = "AKCp8{{rand:68:alnum}}"
        }
    }
    maven {
        url = uri("https://maven.pkg.github.com/acme-corp/shared")
        credentials {
            username = System.getenv("GITHUB_ACTOR")
            password = System.getenv("GITHUB_TOKEN")
        }
    }
}

dependencies {
    implementation("com.twilio.sdk:twilio:10.4.1")
    implementation("com.slack.api:slack-api-client:1.40.3")
}
