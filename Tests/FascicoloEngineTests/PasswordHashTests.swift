import FascicoloTesting
import Foundation
import Testing

@testable import FascicoloEngine

/// The project's own bcrypt against hashes made by PyPI bcrypt 5.0.0 and by the hasher Fascicolo
/// used before (HummingbirdBcrypt): every stored password keeps working.
@Suite struct PasswordHashTests {
    static let vectors: [(password: String, hash: String)] = {
        let text = try! String(contentsOf: TestPaths.fixture("bcrypt/vectors.csv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst(2).map { line in
            let parts = line.split(separator: ";", omittingEmptySubsequences: false)
            var bytes: [UInt8] = []
            var hex = Substring(parts[0])
            while !hex.isEmpty {
                bytes.append(UInt8(hex.prefix(2), radix: 16)!)
                hex = hex.dropFirst(2)
            }
            return (String(decoding: bytes, as: UTF8.self), String(parts[1]))
        }
    }()

    @Test func everyVectorVerifies() {
        #expect(Self.vectors.count >= 10)
        for vector in Self.vectors {
            #expect(PasswordHash.verify(vector.password, hash: vector.hash), "\(vector.hash)")
            #expect(!PasswordHash.verify(vector.password + "!", hash: vector.hash) || vector.password.utf8.count >= 72)
        }
    }

    @Test func aNewHashVerifiesAndIsSaltedAfresh() {
        let first = PasswordHash.make("una-password-lunga", cost: 4)
        let second = PasswordHash.make("una-password-lunga", cost: 4)
        #expect(first.hasPrefix("$2b$04$") && first.count == 60)
        #expect(first != second)
        #expect(PasswordHash.verify("una-password-lunga", hash: first))
        #expect(!PasswordHash.verify("una-password-lungA", hash: first))
    }

    @Test(arguments: [
        "", "$2b$04$", "$2x$04$a/w66iZ96ORJ0FhDrSU2WO4vMlmZ82lizoTh861V2g6pckUdewuhO",
        "$2b$99$a/w66iZ96ORJ0FhDrSU2WO4vMlmZ82lizoTh861V2g6pckUdewuhO",
        "$2b$04$a/w66iZ96ORJ0FhDrSU2WO4vMlmZ82lizoTh861V2g6pckUdewuh!", "plain text password",
    ])
    func malformedHashesNeverVerify(hash: String) {
        #expect(!PasswordHash.verify("", hash: hash))
    }
}
