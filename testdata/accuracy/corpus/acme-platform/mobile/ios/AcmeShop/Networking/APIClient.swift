import Foundation

final class APIClient {
    private let session = URLSession.shared
    private let base = URL(string: "https://api.acme-corp.io")!

    func request(_ path: String, token: String) -> URLRequest {
        var req = URLRequest(url: base.appendingPathComponent(path))
        req.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        return req
    }

    func debugRequest() -> URLRequest {
        var req = URLRequest(url: base.appendingPathComponent("/debug/flags"))
        req.setValue("Basic {{b64:qa-tester:Fl4gs-QA-2291!}}", forHTTPHeaderField: "Authorization")
        return req
    }
}
