import Crypto
import FascicoloCore
import Foundation

/// The debtor's access token of a pratica: 140 random bits written as 28 characters of
/// Crockford's base-32 alphabet in groups of four (`7KQ2-M9XD-…`), easy to read out and type.
/// Typing is forgiving: case, spaces and dashes do not matter, and O, I and L read as 0, 1, 1.
public struct DossierToken: Sendable, Hashable {
    /// The 28 characters, without dashes.
    public let characters: String
    /// When it was generated (local timestamp).
    public let createdAt: String

    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    static let length = 28

    /// How the owner is shown it: groups of four separated by dashes.
    public var display: String {
        stride(from: 0, to: characters.count, by: 4).map { start in
            let from = characters.index(characters.startIndex, offsetBy: start)
            return String(characters[from..<characters.index(from, offsetBy: 4)])
        }.joined(separator: "-")
    }

    /// A new random token.
    static func generate(at timestamp: String) -> DossierToken {
        var generator = SystemRandomNumberGenerator()
        let text = String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
        return DossierToken(characters: text, createdAt: timestamp)
    }

    /// The canonical characters of what a debtor typed; nil when it cannot be a token.
    static func normalize(_ typed: String) -> String? {
        var result = ""
        for character in typed.uppercased() {
            switch character {
            case "-", " ", "\t": continue
            case "O": result.append("0")
            case "I", "L": result.append("1")
            default:
                guard alphabet.contains(character) else { return nil }
                result.append(character)
            }
        }
        return result.count == length ? result : nil
    }
}

/// Seals tokens with a key kept beside the database (`chiave-area-riservata`, readable by the
/// server only): the database holds each token's SHA-256, to find it, and the sealed token, to
/// show it again to the owner. A copy of the database alone opens no dossier.
struct DossierSealer: Sendable {
    private let key: SymmetricKey

    static let fileName = "chiave-area-riservata"

    /// Loads the key in `directory`, creating it on first use (exclusively: when two processes
    /// race, both end up with the one that was written first).
    init(directory: URL) throws {
        let url = directory.appendingPathComponent(Self.fileName)
        for _ in 0..<50 {
            if let data = try? Data(contentsOf: url), data.count == 32 {
                key = SymmetricKey(data: data)
                return
            }
            let fresh = SymmetricKey(size: .bits256)
            if try DurableFile.createExclusively(url, data: fresh.withUnsafeBytes { Data($0) }) {
                key = fresh
                return
            }
            // Another process is writing it: read it again shortly.
            Thread.sleep(forTimeInterval: 0.01)
        }
        throw CocoaError(.fileReadCorruptFile)
    }

    /// Copies the key of `source` (if one was made) into `target`, for a backup; a different key
    /// already there is an error rather than an overwrite, since codes sealed with it would be lost.
    static func copyKey(from source: URL, to target: URL) throws {
        let key = source.appendingPathComponent(fileName)
        let copy = target.appendingPathComponent(fileName)
        guard let bytes = try? Data(contentsOf: key) else { return }
        if let existing = try? Data(contentsOf: copy) {
            guard existing == bytes else {
                throw FascicoloError.invalidRequest("la cartella di destinazione contiene già un'altra chiave dell'area riservata")
            }
            return
        }
        guard try DurableFile.createExclusively(copy, data: bytes) else { return try copyKey(from: source, to: target) }
    }

    func seal(_ token: String) throws -> Data {
        guard let combined = try AES.GCM.seal(Data(token.utf8), using: key).combined else { throw CocoaError(.coderInvalidValue) }
        return combined
    }

    func open(_ sealed: Data) throws -> String {
        String(decoding: try AES.GCM.open(AES.GCM.SealedBox(combined: sealed), using: key), as: UTF8.self)
    }
}
