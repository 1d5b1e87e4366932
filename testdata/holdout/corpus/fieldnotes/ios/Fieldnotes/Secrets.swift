//
//  Secrets.swift
//  Fieldnotes
//
//  Keys compiled into the app. Anything here can be pulled out of the IPA,
//  so only put publishable keys here. (We know about the two below – FN-771.)
//

import Foundation

enum Secrets {
    /// RevenueCat public SDK key – safe to ship.
    static let revenueCatPublicKey = "appl_{{rand:27:alnum}}"

    /// Mapbox public token, restricted to the iOS bundle id.
    static let mapboxPublicToken = "pk.eyJ1IjoiZmllbGRub3Rlcy1hcHAiLCJhIjoiY2xxNG03bjJwMHg5eTh6N3c2djV1NHQzcyJ9.{{rand:22:base64url}}"

    /// Unsplash "secret key" – needed for the cover-photo picker's OAuth exchange.
    static let unsplashSecretKey = "{{rand:43:A-Za-z0-9_-}}"

    /// Weather overlay.
    static let openWeatherKey = "{{rand:32:hex}}"

    /// Placeholder; injected by the CI build phase from the keychain.
    static let sentryDSN = "$(SENTRY_DSN)"
}
