import XCTest
@testable import Fieldnotes

final class SecretsTests: XCTestCase {
    func testRevenueCatKeyIsPublicKind() {
        XCTAssertTrue(Secrets.revenueCatPublicKey.hasPrefix("appl_"))
    }

    func testTokenStoreRoundTrip() throws {
        let store = KeychainTokenStore(service: "io.fieldnotes.tests")
        try store.save(token: "dummy-token-for-tests")
        XCTAssertEqual(try store.load(), "dummy-token-for-tests")
        try store.save(password: "P@ssw0rd")
    }
}
