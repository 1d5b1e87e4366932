import java.util.Properties

plugins {
    id("com.android.application")
    id("org.jetbrains.kotlin.android")
    id("com.google.gms.google-services")
    id("io.sentry.android.gradle") version "4.3.1"
}

val keystoreProps = Properties().apply {
    val f = rootProject.file("keystore.properties")
    if (f.exists()) f.inputStream().use { load(it) }
}

android {
    namespace = "io.fieldnotes"
    compileSdk = 34

    defaultConfig {
        applicationId = "io.fieldnotes"
        minSdk = 26
        targetSdk = 34
        versionCode = 412
        versionName = "3.8.0"
        // PostHog project keys are write-only and meant to ship in clients
        buildConfigField("String", "POSTHOG_KEY", "\"phc_{{rand:43:alnum}}\"")
        buildConfigField("String", "API_BASE_URL", "\"https://api.fieldnotes.io/v2/\"")
        manifestPlaceholders["MAPS_API_KEY"] = providers.gradleProperty("MAPS_API_KEY").getOrElse("")
    }

    signingConfigs {
        create("release") {
            storeFile = file(keystoreProps.getProperty("storeFile", "../keystore/fieldnotes-release.jks"))
            storePassword = keystoreProps.getProperty("storePassword")
            keyAlias = "fieldnotes"
            keyPassword = System.getenv("FN_KEY_PASSWORD") ?: keystoreProps.getProperty("keyPassword")
        }
        create("internal") {
            storeFile = file("../keystore/internal.jks")
            storePassword = "internal-{{rand:8:alnum}}"
            keyAlias = "internal"
            keyPassword = "internal-{{rand:8:alnum}}"
        }
    }

    buildTypes {
        release {
            isMinifyEnabled = true
            signingConfig = signingConfigs.getByName("release")
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
        }
    }
}

dependencies {
    implementation("com.squareup.okhttp3:okhttp:4.12.0")
    implementation("com.dropbox.core:dropbox-core-sdk:7.0.0")
    implementation("com.mapbox.maps:android:11.2.1")
    testImplementation("com.squareup.okhttp3:mockwebserver:4.12.0")
}
