import Foundation

enum Secrets {
    static let stripePublishableKey = "pk_live_51{{rand:97:alnum}}"
    static let algoliaSearchKey = "{{rand:32:hex}}" // search-only key
    static let segmentWriteKey = "{{rand:32:alnum}}" // write key is public by design
    static let revenueCatSecret = "sk_{{rand:28:alnum}}"
    static let intercomApiKey = "ios_sdk-{{rand:40:hex}}"
    static let backendAdminToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0ODIxIiwiZW1haWwiOiJvcHNAYWNtZS1jb3JwLmlvIiwicm9sZSI6ImFkbWluIiwiaWF0IjoxNzE4MDM1MjAwLCJleHAiOjE3NDk1NzEyMDB9.{{rand:43:base64url}}"
    static let passwordKeychainKey = "com.acme.shop.password"
}
