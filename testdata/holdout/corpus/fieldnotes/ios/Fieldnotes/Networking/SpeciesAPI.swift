import CryptoKit
import Foundation

/// Client for the partner species database (iNatLite). They authenticate
/// requests with a static bearer token plus an HMAC over the body.
struct SpeciesAPI {
    private let base = URL(string: "https://api.inatlite.org/v1/")!
    private let hmacKey = SymmetricKey(data: Data("{{rand:64:hex}}".utf8))

    func search(_ query: String) async throws -> [Species] {
        var req = URLRequest(url: base.appendingPathComponent("species/search"))
        req.httpMethod = "POST"
        req.httpBody = try JSONEncoder().encode(["q": query])
        req.setValue("application/json", forHTTPHeaderField: "Content-Type")
        req.setValue("Bearer inl_{{rand:32:alnum}}", forHTTPHeaderField: "Authorization")
        let sig = HMAC<SHA256>.authenticationCode(for: req.httpBody!, using: hmacKey)
        req.setValue(Data(sig).base64EncodedString(), forHTTPHeaderField: "X-Signature")
        let (data, _) = try await URLSession.shared.data(for: req)
        return try JSONDecoder().decode([Species].self, from: data)
    }
}
